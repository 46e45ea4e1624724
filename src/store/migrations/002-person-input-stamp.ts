// What each person's last evaluation was made from (line count, last line, register file), so
// documents of persons nothing touched can be kept without reading their lines again.
export const m002 = `
ALTER TABLE person_fates ADD COLUMN input_stamp TEXT NOT NULL DEFAULT '';
`;
