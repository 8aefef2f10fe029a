// Package demos is the registry of demos. Each demo lives in a subpackage
// (demos/podspec, …) that declares a Definition: its name, title, the
// readable query parameters it accepts, how a URL becomes a State, and (in
// State.View) the templ component from web/templates that draws it.
//
// A State is owned by exactly one goroutine (a web session); nothing here is
// safe for concurrent use, and nothing here does I/O.
package demos
