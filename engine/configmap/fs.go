package configmap

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

// Node is one entry of a volume directory as ls sees it.
type Node struct {
	Kind   byte // 'd' directory, 'l' symlink, '-' file
	Target string
	Data   []byte
	Mode   fs.FileMode // permission bits
	MTime  Time
	Files  map[string]*Node // a timestamped directory's files
}

// Volume is a configMap or secret volume as mounted in the container: the
// directory the atomic writer keeps (pkg/volume/util/atomic_writer.go).
type Volume struct {
	Name      string // "config-volume"
	MountPath string // "/etc/config"
	Kind      string // "configMap" or "secret"
	Object    string // the ConfigMap or Secret it projects
	// Tmpfs: a secret volume is an emptyDir with medium Memory (secret.go
	// wrappedVolumeSpec); a configMap volume is on the node's disk, here
	// ext4. That decides sizes in ls: 4096 per directory on ext4, 40 bytes
	// plus 20 per entry on tmpfs.
	Tmpfs     bool
	RootMTime Time
	EtcMTime  Time // the mount point's parent (/etc), made at container start
	Entries   map[string]*Node
	// Error is the last failed mount ("configmap \"app-confg\" not found").
	Error string
	// Mounted is true once a write succeeded.
	Mounted bool
	write   *write
}

const (
	dataDirName    = "..data"
	newDataDirName = "..data_tmp"
)

// write is one AtomicWriter.Write in progress. The demo shows it in four
// steps, numbered as in atomic_writer.go's comment:
//
//	phase 1: (5) a new timestamped directory, (6) the payload written to it
//	phase 2: (8) the symlink ..data_tmp -> the new directory
//	phase 3: (9) rename(..data_tmp, ..data): the atomic swap
//	phase 4: (10) missing per-key symlinks created, (11) removed keys'
//	         symlinks deleted, (12) the old timestamped directory removed
type write struct {
	Payload  map[string]FileProjection
	TsName   string
	OldTs    string
	Remove   []string
	Changed  []string // keys whose content differs, for the narration
	Phase    int      // the phase done last
	StartsAt Time
}

// TsDirName is newTimestampDir's name: os.MkdirTemp(targetDir,
// time.Now().UTC().Format("..2006_01_02_15_04_05.")), and MkdirTemp appends
// a random decimal uint32 (not nanoseconds).
func TsDirName(t Time, random uint32) string {
	return t.Wall().Format("..2006_01_02_15_04_05.") + fmt.Sprint(random)
}

func (v *Volume) dataTarget() string {
	if l := v.Entries[dataDirName]; l != nil {
		return l.Target
	}
	return ""
}

// plan is steps (2)–(4) of Write: read ..data, find the paths of the old
// version that the payload no longer has, and compare the contents. It
// returns nil when no write is required ("write not required for data
// directory").
func (v *Volume) plan(payload map[string]FileProjection, now Time, random uint32) *write {
	w := &write{Payload: payload, TsName: TsDirName(now, random), StartsAt: now}
	old := v.Entries[v.dataTarget()]
	if old == nil {
		return w
	}
	w.OldTs = v.dataTarget()
	for name := range old.Files {
		if _, ok := payload[name]; !ok {
			w.Remove = append(w.Remove, name)
		}
	}
	slices.Sort(w.Remove)
	for _, name := range sortedKeys(payload) {
		f := old.Files[name]
		if f == nil || !bytes.Equal(f.Data, payload[name].Data) {
			w.Changed = append(w.Changed, name)
		}
	}
	if len(w.Changed) == 0 && len(w.Remove) == 0 {
		return nil
	}
	return w
}

// step runs the next phase of the write and says what it did.
func (v *Volume) step(now Time) string {
	w := v.write
	w.Phase++
	switch w.Phase {
	case 1:
		dir := &Node{Kind: 'd', Mode: 0o755, MTime: now, Files: map[string]*Node{}}
		for name, p := range w.Payload {
			dir.Files[name] = &Node{Kind: '-', Data: p.Data, Mode: fs.FileMode(p.Mode) & fs.ModePerm, MTime: now}
		}
		v.Entries[w.TsName] = dir
		v.RootMTime = now
		return fmt.Sprintf("(5) created %s and (6) wrote %s into it. ..data still points to the old directory, so the app reads the old files.", w.TsName, plural(len(w.Payload), "file"))
	case 2:
		v.Entries[newDataDirName] = &Node{Kind: 'l', Target: w.TsName, MTime: now}
		v.RootMTime = now
		return fmt.Sprintf("(8) created the symlink %s -> %s.", newDataDirName, w.TsName)
	case 3:
		l := v.Entries[newDataDirName]
		delete(v.Entries, newDataDirName)
		v.Entries[dataDirName] = l
		v.RootMTime = now
		return fmt.Sprintf("(9) renamed %s to %s: one rename(2), atomic. From now on every file read through ..data sees the new version, all keys at once.", newDataDirName, dataDirName)
	default:
		var said []string
		var made []string
		for _, name := range sortedKeys(w.Payload) {
			if v.Entries[name] == nil {
				v.Entries[name] = &Node{Kind: 'l', Target: dataDirName + "/" + name, MTime: now}
				made = append(made, name)
			}
		}
		if len(made) > 0 {
			said = append(said, "(10) created the symlinks "+strings.Join(made, ", "))
		}
		for _, name := range w.Remove {
			delete(v.Entries, name)
		}
		if len(w.Remove) > 0 {
			said = append(said, "(11) removed the symlinks "+strings.Join(w.Remove, ", "))
		}
		if w.OldTs != "" {
			delete(v.Entries, w.OldTs)
			said = append(said, "(12) removed the old directory "+w.OldTs)
		}
		v.RootMTime = now
		v.write = nil
		v.Mounted = true
		if len(said) == 0 {
			return "The write is complete."
		}
		return strings.Join(said, "; ") + "."
	}
}

// writeAll runs a whole write at once (the first mount of a pod).
func (v *Volume) writeAll(w *write, now Time) {
	v.write = w
	for v.write != nil {
		v.step(now)
	}
}

// Resolve reads a file through the symlinks, as the app does:
// /etc/config/APP_COLOR -> ..data/APP_COLOR -> ..2026_…/APP_COLOR.
func (v *Volume) Resolve(name string) (*Node, bool) {
	l := v.Entries[name]
	if l == nil || l.Kind != 'l' {
		return nil, false
	}
	rest, ok := strings.CutPrefix(l.Target, dataDirName+"/")
	if !ok {
		return nil, false
	}
	dir := v.Entries[v.dataTarget()]
	if dir == nil {
		return nil, false
	}
	f := dir.Files[rest]
	return f, f != nil
}

// Keys are the user-visible names (the per-key symlinks), sorted.
func (v *Volume) Keys() []string {
	var out []string
	for _, name := range sortedKeys(v.Entries) {
		if !strings.HasPrefix(name, "..") {
			out = append(out, name)
		}
	}
	return out
}

// TsDirs are the timestamped directories present, sorted.
func (v *Volume) TsDirs() []string {
	var out []string
	for _, name := range sortedKeys(v.Entries) {
		if v.Entries[name].Kind == 'd' {
			out = append(out, name)
		}
	}
	return out
}

// DataTarget is where ..data points.
func (v *Volume) DataTarget() string { return v.dataTarget() }

// Writing reports the write in progress: its phase (0 when none) and the
// new directory's name.
func (v *Volume) Writing() (phase int, ts string) {
	if v.write == nil {
		return 0, ""
	}
	return v.write.Phase, v.write.TsName
}

// lsEntry is one line of ls -la.
type lsEntry struct {
	mode         string
	nlink        int
	size         int
	blocks       int // 1 KiB blocks, for "total"
	mtime        Time
	name, target string
}

// LsLa is `ls -la MOUNT` in a Debian-based image (GNU coreutils, C locale,
// TZ unset so UTC): the volume root with its hidden entries.
func (v *Volume) LsLa() string {
	var es []lsEntry
	rootMode := "drwxrwxrwx" // emptyDir's perm 0777 (empty_dir.go setupDir)
	if v.Tmpfs {
		rootMode = "drwxrwxrwt" // a fresh tmpfs root is 1777
	}
	subdirs := len(v.TsDirs())
	es = append(es, lsEntry{mode: rootMode, nlink: 2 + subdirs, size: v.dirSize(len(v.Entries)), blocks: v.dirBlocks(), mtime: v.RootMTime, name: "."})
	// /etc in the container's overlay root: one link, 4096 bytes.
	es = append(es, lsEntry{mode: "drwxr-xr-x", nlink: 1, size: 4096, blocks: 4, mtime: v.EtcMTime, name: ".."})
	for _, name := range sortedKeys(v.Entries) {
		n := v.Entries[name]
		switch n.Kind {
		case 'd':
			es = append(es, lsEntry{mode: "drwxr-xr-x", nlink: 2, size: v.dirSize(len(n.Files)), blocks: v.dirBlocks(), mtime: n.MTime, name: name})
		case 'l':
			// A symlink's own mode is always lrwxrwxrwx on Linux; the file
			// it leads to has the mode that counts.
			es = append(es, lsEntry{mode: "lrwxrwxrwx", nlink: 1, size: len(n.Target), mtime: n.MTime, name: name, target: n.Target})
		}
	}
	return formatLs(es)
}

// LsLaData is `ls -la MOUNT/..data/`: the real files, with their modes.
func (v *Volume) LsLaData() string {
	dir := v.Entries[v.dataTarget()]
	if dir == nil {
		return fmt.Sprintf("ls: cannot access '%s/..data/': No such file or directory\n", v.MountPath)
	}
	subdirs := len(v.TsDirs())
	es := []lsEntry{
		{mode: "drwxr-xr-x", nlink: 2, size: v.dirSize(len(dir.Files)), blocks: v.dirBlocks(), mtime: dir.MTime, name: "."},
		{mode: map[bool]string{false: "drwxrwxrwx", true: "drwxrwxrwt"}[v.Tmpfs], nlink: 2 + subdirs, size: v.dirSize(len(v.Entries)), blocks: v.dirBlocks(), mtime: v.RootMTime, name: ".."},
	}
	for _, name := range sortedKeys(dir.Files) {
		f := dir.Files[name]
		es = append(es, lsEntry{mode: "-" + f.Mode.Perm().String()[1:], nlink: 1, size: len(f.Data), blocks: fileBlocks(len(f.Data)), mtime: f.MTime, name: name})
	}
	return formatLs(es)
}

func (v *Volume) dirSize(entries int) int {
	if v.Tmpfs {
		return 40 + 20*entries // BOGO_DIRENT_SIZE: 2 for . and .., 1 per entry
	}
	return 4096
}

func (v *Volume) dirBlocks() int {
	if v.Tmpfs {
		return 0
	}
	return 4
}

func fileBlocks(size int) int { return (size + 4095) / 4096 * 4 }

// ModeString is ls's string for a file mode: 0644 -> -rw-r--r--.
func ModeString(m int32) string { return "-" + fs.FileMode(m).Perm().String()[1:] }

func formatLs(es []lsEntry) string {
	total, wl, ws := 0, 1, 1
	for _, e := range es {
		total += e.blocks
		wl = max(wl, len(strconv.Itoa(e.nlink)))
		ws = max(ws, len(strconv.Itoa(e.size)))
	}
	var b strings.Builder
	b.Grow(16 + len(es)*(50+wl+ws)) // each line: mode, links, owners, size, date, name
	fmt.Fprintf(&b, "total %d\n", total)
	for _, e := range es {
		fmt.Fprintf(&b, "%s %*d root root %*d %s %s", e.mode, wl, e.nlink, ws, e.size, e.mtime.Wall().Format("Jan _2 15:04"), e.name)
		if e.target != "" {
			fmt.Fprintf(&b, " -> %s", e.target)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// clone is a deep copy of the volume: its entries, their files and the
// write in progress.
func (v *Volume) clone() *Volume {
	c := *v
	if v.Entries != nil {
		c.Entries = make(map[string]*Node, len(v.Entries))
		for name, n := range v.Entries {
			c.Entries[name] = n.clone()
		}
	}
	if v.write != nil {
		w := *v.write
		if v.write.Payload != nil {
			w.Payload = make(map[string]FileProjection, len(v.write.Payload))
			for k, p := range v.write.Payload {
				w.Payload[k] = FileProjection{Data: slices.Clone(p.Data), Mode: p.Mode}
			}
		}
		w.Remove, w.Changed = slices.Clone(v.write.Remove), slices.Clone(v.write.Changed)
		c.write = &w
	}
	return &c
}

func (n *Node) clone() *Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Data = slices.Clone(n.Data)
	if n.Files != nil {
		c.Files = make(map[string]*Node, len(n.Files))
		for name, f := range n.Files {
			c.Files[name] = f.clone()
		}
	}
	return &c
}
