package server

import "github.com/google/uuid"

// A passkey the user did not name is named after its provider when the
// authenticator's AAGUID is a well-known one, so that a list of passkeys
// reads "iCloud Keychain, Google Password Manager" rather than "Passkey,
// Passkey". The full list is the FIDO metadata service's; these are the
// providers most passkeys come from.

// defaultPasskeyNameText names a passkey of an unknown provider.
const defaultPasskeyNameText = "Passkey"

var knownAAGUIDs = map[string]string{
	"fbfc3007-154e-4ecc-8c0b-6e020557d7bd": "iCloud Keychain",
	"dd4ec289-e01d-41c9-bb89-70fa845d4bf2": "iCloud Keychain",
	"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": "Google Password Manager",
	"adce0002-35bc-c60a-648b-0b25f1f05503": "Chrome on Mac",
	"08987058-cadc-4b81-b6e1-30de50dcbe96": "Windows Hello",
	"9ddd1817-af5a-4672-a2b9-3e3dd95000a9": "Windows Hello",
	"6028b017-b1d4-4c02-b4b3-afcdafc96bb2": "Windows Hello",
	"bada5566-a7aa-401f-bd96-45619a55120d": "1Password",
	"d548826e-79b4-db40-a3d8-11116f7e8349": "Bitwarden",
}

// aaguidString writes an AAGUID as a UUID, "" when it is not 16 bytes.
func aaguidString(aaguid []byte) string {
	u, err := uuid.FromBytes(aaguid)
	if err != nil {
		return ""
	}
	return u.String()
}

// defaultPasskeyName names a passkey after its provider, or "Passkey".
func defaultPasskeyName(aaguid []byte) string {
	if name, ok := knownAAGUIDs[aaguidString(aaguid)]; ok {
		return name
	}
	return defaultPasskeyNameText
}
