package iamcollect

import (
	"testing"
	"time"
)

func TestWholeDays(t *testing.T) {
	base := time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		from, to time.Time
		want     int64
	}{
		{"same instant", base, base, 0},
		{"one nanosecond short of a day", base, base.Add(24*time.Hour - time.Nanosecond), 0},
		{"exactly a day", base, base.Add(24 * time.Hour), 1},
		{"90 days and change", base, base.Add(90*24*time.Hour + 23*time.Hour), 90},
		{"one nanosecond in the future", base, base.Add(-time.Nanosecond), -1},
		{"exactly a day in the future", base, base.Add(-24 * time.Hour), -1},
		{"a day and a nanosecond in the future", base, base.Add(-24*time.Hour - time.Nanosecond), -2},
		{"offsets do not matter", base, base.Add(24 * time.Hour).In(time.FixedZone("x", -11*3600)), 1},
		{"sub-second borrow", base.Add(900 * time.Millisecond), base.Add(24*time.Hour + 100*time.Millisecond), 0},
		// date(9999, 1, 1).toordinal() - date(1, 1, 1).toordinal() == 3651694 in Python.
		{"beyond time.Duration range", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 3651694},
		{"beyond time.Duration range, reversed", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), -3651694},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WholeDays(tt.from, tt.to); got != tt.want {
				t.Errorf("WholeDays(%v, %v) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}
