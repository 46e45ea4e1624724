// The amounts the ordinances name. One home for each, read beside the law.

/** Förordning (1996:1357) 7 §: a care contact's cost must exceed 100 000 kr; the first 100 000 kr are the region's own. */
export const KOSTNADSKRAVANDE_THRESHOLD_ORE = 100_000_00;

/** Förordning (2010:1122) 33 §: care costs (interpreter excluded) of at least 60 000 kr in a twelve-month period. */
export const VARAKTIG_THRESHOLD_ORE = 60_000_00;

/** Förordning (1996:1357) 7 a §: applications reach Migrationsverket by 30 June of the year after the contact ended. */
export const KOSTNADSKRAVANDE_DEADLINE_MONTH_DAY = { month: 6, day: 30 } as const;

/** Förordning (1996:1357) 7 §: under 18 on the date of care, every care category is covered. */
export const CHILD_AGE_LIMIT_YEARS = 18;
