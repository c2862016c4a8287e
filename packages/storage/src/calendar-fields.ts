/** Days in a month (1–12) of a year of the proleptic Gregorian calendar. @internal */
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whether a date's fields as written name a moment that exists: JavaScript's Date carries 2026-13-01 into 2027,
 * 2026-02-30 into March and T24:00 into the next day, so a date read from text is checked on its fields first. @internal
 */
export function calendarFieldsExist(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
}
