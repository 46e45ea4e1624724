// exceljs' streaming workbook writer, loaded on its own. The package's index also loads the
// workbook model, the streaming reader (unzipper, sax) and the csv module: ~300 ms at every
// `claims run`, which writes workbooks but reads none unless an input is xlsx.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

const require = createRequire(import.meta.url);

export const WorkbookWriter = require('exceljs/lib/stream/xlsx/workbook-writer.js') as typeof ExcelJS.stream.xlsx.WorkbookWriter;
