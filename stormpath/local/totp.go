package local

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP of google-authenticator factors: RFC 6238 with what every
// authenticator app assumes (SHA-1, 6 digits, 30-second steps), a 160-bit
// secret (RFC 4226's recommended length), through github.com/pquerna/otp.
const (
	totpPeriod     = 30
	totpDigits     = otp.DigitsSix
	totpSecretSize = 20
	// totpSkew is how many time steps either side of now a code may be
	// from: one covers a phone clock a little off and a code typed as it
	// changes, as RFC 6238 section 5.2 advises.
	totpSkew = 1
	// qrSize is the width and height of the enrollment QR image, in pixels.
	qrSize = 200
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1}

// enrollment is what a new factor shows once: its secret, its otpauth://
// URI and that URI as a QR code (PNG in base64).
type enrollment struct {
	secret, keyURI, qr string
}

// newEnrollment generates a secret for issuer and accountName.
func newEnrollment(issuer, accountName string) (*enrollment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: accountName,
		Period: totpPeriod, SecretSize: totpSecretSize, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return nil, fmt.Errorf("generate TOTP secret: %w", err)
	}
	img, err := key.Image(qrSize, qrSize)
	if err != nil {
		return nil, fmt.Errorf("render QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	return &enrollment{secret: key.Secret(), keyURI: key.URL(),
		qr: base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// totpStep is the RFC 6238 time step of t.
func totpStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// checkTOTP reports the time step whose code equals code, within totpSkew
// steps of now and after lastStep, the step of the last code accepted:
// a code, once accepted, is not accepted again, nor any older one (RFC
// 6238 section 5.2). Every candidate is computed and compared in constant
// time, so the answer time does not tell which step matched.
func checkTOTP(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	if len(code) != totpDigits.Length() {
		return 0, false
	}
	cur := totpStep(now)
	found := int64(0)
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		step := cur + d
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOpts)
		if err != nil {
			return 0, false
		}
		if constantEqual(want, code) && step > lastStep {
			found = step
		}
	}
	return found, found != 0
}
