package iamcollect

import "time"

// secondsPerDay is 24 hours; *_days are whole 24-hour periods, not calendar days.
const secondsPerDay = 24 * 60 * 60

// WholeDays returns floor((to-from)/24h): whole 24-hour periods from from to
// to, negative when to is before from. It is the single day arithmetic behind
// every *_days attribute and days_between, exact over the whole time.Time
// range (no time.Duration overflow).
func WholeDays(from, to time.Time) int64 {
	secs := to.Unix() - from.Unix()
	if to.Nanosecond() < from.Nanosecond() {
		secs-- // borrow: the sub-second remainder is then non-negative
	}
	days := secs / secondsPerDay
	if secs%secondsPerDay < 0 {
		days--
	}
	return days
}
