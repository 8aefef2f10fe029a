// Package customsched is the custom-schedulers demo: two kube-schedulers in
// one cluster, the pods each takes by spec.schedulerName, a pod nobody
// takes, and my-scheduler's extender webhook calls (engine/customsched).
package customsched
