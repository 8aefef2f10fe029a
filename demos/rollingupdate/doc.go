// Package rollingupdate is the rolling-update demo: a Deployment rolled
// from nginx:1.25 to nginx:1.26 one controller sync at a time, by the
// engine in engine/rollout (which follows kubernetes
// pkg/controller/deployment/rolling.go and util/deployment_util.go).
package rollingupdate
