package local

import "strings"

// Defaults of the mails' look, when the service's configuration names no
// site (Config.SiteName, Config.BrandColor).
const (
	DefaultSiteName   = "Stormstarter"
	DefaultBrandColor = "#3949ab"
)

// mailButton is the call to action of a default HTML mail.
type mailButton struct{ label, href string }

// mailContent is the words of one default mail.
type mailContent struct {
	heading string
	paras   []string   // each may hold placeholders
	button  mailButton // no label: no button
	// linkNote, when set, shows the button's link as text under it for
	// readers whose mail program hides the button.
	linkNote bool
	footer   string
}

// The default layout's font and colours. The brand colour comes from
// ${site.color}; these stay neutral so that any brand colour fits.
const (
	mailFont   = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
	mailPage   = "#f3f4f7"
	mailInk    = "#1f2330"
	mailMuted  = "#5f6577"
	mailBorder = "#e3e5ec"
)

// defaultHTML lays content out as an email: tables for the structure
// (mail programs ignore most CSS layout), styles inline (many drop
// <style>), at most 560 px wide and fluid below that for phones.
func defaultHTML(c mailContent) string {
	var b strings.Builder
	w := b.WriteString
	w(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>` + c.heading + `</title>
</head>
<body style="margin:0;padding:0;background-color:` + mailPage + `;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:` + mailPage + `;">
<tr><td align="center" style="padding:32px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border:1px solid ` + mailBorder + `;border-radius:8px;">
<tr><td style="background-color:${site.color};border-radius:8px 8px 0 0;padding:20px 32px;font-family:` + mailFont + `;font-size:20px;line-height:28px;font-weight:bold;color:${site.onColor};">${site.name}</td></tr>
<tr><td style="padding:32px 32px 8px 32px;font-family:` + mailFont + `;font-size:16px;line-height:24px;color:` + mailInk + `;">
<h1 style="margin:0 0 20px 0;font-size:22px;line-height:30px;font-weight:bold;color:` + mailInk + `;">` + c.heading + `</h1>
`)
	for _, p := range c.paras {
		w(`<p style="margin:0 0 16px 0;">` + p + "</p>\n")
	}
	if c.button.label != "" {
		w(`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px 0;"><tr>
<td align="center" bgcolor="${site.color}" style="background-color:${site.color};border-radius:6px;">
<a href="` + c.button.href + `" target="_blank" style="display:inline-block;padding:12px 28px;font-family:` + mailFont + `;font-size:16px;line-height:24px;font-weight:bold;color:${site.onColor};text-decoration:none;border-radius:6px;">` + c.button.label + `</a>
</td></tr></table>
`)
	}
	if c.linkNote {
		w(`<p style="margin:0 0 4px 0;font-size:14px;line-height:20px;color:` + mailMuted + `;">If the button does not work, copy this link into your browser:</p>
<p style="margin:0 0 24px 0;font-size:14px;line-height:20px;word-break:break-all;"><a href="` + c.button.href + `" style="color:${site.color};">` + c.button.href + `</a></p>
`)
	}
	w(`</td></tr>
<tr><td style="padding:20px 32px;border-top:1px solid ` + mailBorder + `;font-family:` + mailFont + `;font-size:12px;line-height:18px;color:` + mailMuted + `;">
` + c.footer + ` Sent by <a href="${site.url}" style="color:` + mailMuted + `;">${site.name}</a> to ${account.email}.
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`)
	return b.String()
}

// defaultTemplates returns a fresh copy of every kind's default template.
func defaultTemplates() map[string]*emailTemplate {
	t := func(name, subject, text, link string, html mailContent) *emailTemplate {
		return &emailTemplate{Name: name, Subject: subject, TextBody: text, HTMLBody: defaultHTML(html),
			MIMEType: MIMETypeHTML, LinkBaseURL: link}
	}
	const hi = "Hi ${account.givenName},"
	const ignore = "You received this email because someone used this address on ${site.name}."
	return map[string]*emailTemplate{
		mailVerification: t("Default Verification Email Template", "Verify your account",
			"Hi ${account.givenName},\n\nPlease verify your email address by opening this link:\n\n${url}\n", DefaultVerifyLinkBase,
			mailContent{heading: "Verify your email address",
				paras:  []string{hi, "Please confirm that ${account.email} is your email address, to finish setting up your ${site.name} account."},
				button: mailButton{"Verify email address", "${url}"}, linkNote: true,
				footer: ignore + " If you did not sign up, you can ignore it."}),
		mailVerifySucc: t("Default Verification Success Email Template", "Your account has been confirmed",
			"Hi ${account.givenName},\n\nYour account has been confirmed.\n", "",
			mailContent{heading: "Your account has been confirmed",
				paras:  []string{hi, "Your email address is verified, and your ${site.name} account is ready."},
				button: mailButton{"Open ${site.name}", "${site.url}"}, footer: ignore}),
		mailWelcome: t("Default Welcome Email Template", "Your registration was successful",
			"Hi ${account.givenName},\n\nWelcome! Your account ${account.email} is ready.\n", "",
			mailContent{heading: "Welcome to ${site.name}",
				paras:  []string{hi, "Welcome! Your account ${account.email} is ready."},
				button: mailButton{"Open ${site.name}", "${site.url}"}, footer: ignore}),
		mailReset: t("Default Password Reset Email Template", "Reset your password",
			"Hi ${account.givenName},\n\nTo reset your password, open this link:\n\n${url}\n\nIf you did not ask for this, ignore this email.\n", DefaultResetLinkBase,
			mailContent{heading: "Reset your password",
				paras:  []string{hi, "Someone asked to reset the password of your ${site.name} account. To choose a new password, use the button below. The link works once and expires soon."},
				button: mailButton{"Reset password", "${url}"}, linkNote: true,
				footer: "If you did not ask for this, ignore this email: your password stays as it is."}),
		mailEmailChanged: t("Email Change Notice", "The email address of your account was changed",
			"Hi ${account.givenName},\n\nThe email address of your account was just changed from this address to another one.\nIf you did not do this, reset your password and contact us.\n", "",
			mailContent{heading: "Your email address was changed",
				paras: []string{hi, "The email address of your ${site.name} account was just changed from this address to another one.",
					"If you did not do this, reset your password and contact us."},
				footer: "This notice goes to the old address of an account."}),
		mailResetSucc: t("Default Password Reset Success Email Template", "Your password has been changed",
			"Hi ${account.givenName},\n\nYour password has been changed.\n", "",
			mailContent{heading: "Your password has been changed",
				paras:  []string{hi, "The password of your ${site.name} account has been changed.", "If you did not do this, reset your password at once and contact us."},
				footer: ignore}),
	}
}
