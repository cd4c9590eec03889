package api

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimeWireForm(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2016, 1, 26, 20, 50, 3, 931_000_000, time.UTC), `"2016-01-26T20:50:03.931Z"`},
		{time.Date(2016, 1, 26, 20, 50, 3, 900_000_000, time.UTC), `"2016-01-26T20:50:03.900Z"`},
		{time.Date(2016, 1, 26, 21, 50, 3, 0, time.FixedZone("CET", 3600)), `"2016-01-26T20:50:03.000Z"`},
		{time.Time{}, `null`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(Time{tt.in})
		if err != nil || string(b) != tt.want {
			t.Errorf("%v: got %s %v, want %s", tt.in, b, err, tt.want)
		}
		var back Time
		if err := json.Unmarshal(b, &back); err != nil || !back.Equal(tt.in) {
			t.Errorf("%s: read back %v %v", b, back, err)
		}
	}
	var bad Time
	if err := json.Unmarshal([]byte(`"yesterday"`), &bad); err == nil {
		t.Error("accepted a non-time")
	}
}
