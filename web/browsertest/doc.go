// Package browsertest holds kubeviz's end-to-end tests: the real server, a
// real Chromium driven by chromedp, clicking and typing as a person would,
// and an axe-core audit of every page.
//
// Chromium comes from Debian's package (apt-get install chromium). Without
// it the tests skip with a message, unless KUBEVIZ_BROWSER_TESTS=required,
// which CI sets, makes a missing browser a failure. Screenshots of failures
// go to testdata/failures/; KUBEVIZ_SCREENSHOTS=dir also saves the pages a
// person should look at (desktop and phone, light and dark).
package browsertest
