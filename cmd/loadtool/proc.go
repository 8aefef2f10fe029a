package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// procStat is what /proc tells about a process: CPU time used so far and
// resident memory.
type procStat struct {
	cpuTicks int64 // utime + stime, in clock ticks
	rssKiB   int64 // VmRSS
	hwmKiB   int64 // VmHWM: the peak RSS
	threads  int64
}

// clockTicks is sysconf(_SC_CLK_TCK): 100 on every Linux that Go supports
// here (the kernel's USER_HZ), which /proc/<pid>/stat's times are counted in.
const clockTicks = 100

func readProc(pid int) (procStat, error) {
	var ps procStat
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ps, err
	}
	// The command name (field 2) may hold spaces; fields after it start
	// after the last ')'. utime and stime are fields 14 and 15.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return ps, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return ps, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64) // field 14
	st, _ := strconv.ParseInt(f[12], 10, 64) // field 15
	ps.cpuTicks = ut + st

	fh, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return ps, err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			ps.rssKiB = n
		case "VmHWM":
			ps.hwmKiB = n
		case "Threads":
			ps.threads = n
		}
	}
	return ps, sc.Err()
}
