/**
 * Spreadsheet apps execute cells starting with these characters as formulas (CSV injection); every CSV
 * export a person may open in one (timeline, register, unmatched list) defuses them with a leading quote.
 */
export const neutralize = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
