package scheduler

import "strings"

// Code is a plugin's verdict, as in staging/src/k8s.io/kube-scheduler/framework/interface.go.
type Code int

// The codes a plugin returns (same order and names as upstream's).
const (
	Success Code = iota
	Error
	Unschedulable
	UnschedulableAndUnresolvable
	Wait
	Skip
	Pending
)

var codeNames = []string{"Success", "Error", "Unschedulable", "UnschedulableAndUnresolvable", "Wait", "Skip", "Pending"}

func (c Code) String() string { return codeNames[c] }

// Status is the result of running a plugin: a code, the reasons, and the
// plugin that returned it. A nil *Status is Success, as upstream.
type Status struct {
	Code    Code
	Reasons []string
	Plugin  string
}

func newStatus(c Code, reasons ...string) *Status { return &Status{Code: c, Reasons: reasons} }

// IsSuccess reports a nil or Success status.
func (s *Status) IsSuccess() bool { return s == nil || s.Code == Success }

// IsSkip reports a Skip status.
func (s *Status) IsSkip() bool { return s != nil && s.Code == Skip }

// IsRejected is Unschedulable, UnschedulableAndUnresolvable or Pending.
func (s *Status) IsRejected() bool {
	return s != nil && (s.Code == Unschedulable || s.Code == UnschedulableAndUnresolvable || s.Code == Pending)
}

// Message joins the reasons with ", " (Status.Message upstream).
func (s *Status) Message() string {
	if s == nil {
		return ""
	}
	return strings.Join(s.Reasons, ", ")
}

// CodeName is the status code's name ("Success" for nil).
func (s *Status) CodeName() string {
	if s == nil {
		return Success.String()
	}
	return s.Code.String()
}
