package webhook_test

import (
	"errors"

	"github.com/apisig/apisig/webhook"
)

func asFailure(err error, f **webhook.Failure) bool { return errors.As(err, f) }
