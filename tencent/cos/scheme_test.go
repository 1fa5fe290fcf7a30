package cos_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent/cos"
)

func TestScheme(t *testing.T) {
	sc := cos.Scheme()
	sg, err := sc.Build(apisig.Config{
		Params: map[string]string{"expiry": "600s", "signed-headers": "host, Content-Type,date", "sign-content-length": "true"},
		Knobs:  map[string]string{"space": "+"},
		Clock:  apisig.FixedClock(testTime),
		Keys:   testKeys,
	})
	if err != nil {
		t.Fatal(err)
	}
	s := sg.(*cos.Signer)
	if s.Expiry.Seconds() != 600 || strings.Join(s.SignedHeaders, ",") != "host,content-type,date" || !s.Dialect.SpaceAsPlus || !s.SignContentLength {
		t.Errorf("built %+v", s)
	}
	req := newRequest("GET", bucket, "/o", "", "", "Date", "Thu, 16 May 2019 06:55:53 GMT")()
	if err := s.Sign(context.Background(), req, testCreds); err != nil {
		t.Fatal(err)
	}
	if a := req.Header.Get("Authorization"); !strings.Contains(a, "q-header-list=date;host&") {
		t.Errorf("Authorization %s: want date and host signed", a)
	}
	for _, bad := range []map[string]string{{"expiry": "1.5s"}, {"expiry": "0s"}, {"signed-headers": "host,,date"}, {"region": "x"}, {"sign-content-length": "yes"}} {
		if _, err := sc.Build(apisig.Config{Params: bad}); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("Build(%v) = %v, want ErrInvalidInput", bad, err)
		}
	}
}
