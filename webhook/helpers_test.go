package webhook_test

import (
	"errors"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/webhook"
)

func asFailure(err error, f **webhook.Failure) bool { return errors.As(err, f) }

func isVerificationFailure(err error) bool {
	for _, s := range []error{apisig.ErrMismatch, apisig.ErrMalformed, apisig.ErrNotSigned, apisig.ErrSkewed} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}
