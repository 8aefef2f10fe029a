package services

import "strings"

func join(xs []string) string { return strings.Join(xs, ",") }

func trimSpace(s string) string { return strings.TrimSpace(s) }
