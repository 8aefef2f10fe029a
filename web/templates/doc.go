// Package templates holds every piece of HTML kubeviz serves, as templ
// components, and the view models they draw. Components are pure functions
// of their view model: no engine calls, no clock. The same component renders
// a whole page and the fragment a WebSocket session sends after an action.
//
// It imports nothing of kubeviz: demos/ builds view models and web/ serves.
package templates
