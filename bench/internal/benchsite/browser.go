package benchsite

import (
	"context"
	"os"

	"github.com/chromedp/chromedp"
)

// Browser starts headless Chromium (chrome, or chromedp's search when
// empty) with a fresh profile, in a 1024x768 window, kept off the network
// beyond the site: this machine's network is closed. It returns the
// browser's context, started untimed so a later deadline does not kill
// it, and a func that stops it and removes the profile.
func Browser(ctx context.Context, chrome string) (context.Context, func(), error) {
	dir, err := os.MkdirTemp("", "bench-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1024, 768),
	)
	if chrome != "" {
		opts = append(opts, chromedp.ExecPath(chrome))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelCtx := chromedp.NewContext(actx)
	stop := func() { cancelCtx(); cancelAlloc(); os.RemoveAll(dir) }
	if err := chromedp.Do(bctx); err != nil {
		stop()
		return nil, nil, err
	}
	return bctx, stop, nil
}
