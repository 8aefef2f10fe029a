// Package netpol is the network-policies demo: pods in labelled namespaces,
// NetworkPolicies a learner applies, removes and edits as YAML, a
// connectivity matrix, and one request per step explained rule by rule:
// which policy and rule allows it, or why it is denied. The model is
// engine/netpol; this package reads the YAML the way kubectl and the API
// server do, maps URL state to the engine and draws it.
package netpol
