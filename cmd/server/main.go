// Command server serves the kubeviz course: go run ./cmd/server, then open
// http://localhost:8080. -addr (or the PORT environment variable) changes
// where it listens.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/kubeviz/kubeviz/demos/all"
	"github.com/kubeviz/kubeviz/web"
	"github.com/kubeviz/kubeviz/web/templates"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "kubeviz:", err)
		os.Exit(1)
	}
}

func run() error {
	def := ":8080"
	if p := os.Getenv("PORT"); p != "" {
		def = ":" + p
	}
	addr := flag.String("addr", def, "address to listen on (or set PORT)")
	logLevel := flag.String("log-level", "info", "debug, info, warn or error")
	embedOrigins := flag.String("embed-origins", os.Getenv("KUBEVIZ_EMBED_ORIGINS"),
		"comma-separated origins allowed to frame /embed/ pages and open sockets, e.g. https://docs.example.com (default: any site may frame embeds)")
	pprofAddr := flag.String("pprof", "", "serve net/http/pprof on this address, e.g. 127.0.0.1:6060 (off by default; never on the public address)")
	flag.Parse()

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("-log-level: %v", err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))

	var origins []string
	for _, o := range strings.Split(*embedOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	srv, err := web.New(web.Config{Demos: all.Demos(), Sections: templates.CourseSections(), Log: log, EmbedOrigins: origins})
	if err != nil {
		return err
	}
	if *pprofAddr != "" {
		if err := servePprof(*pprofAddr, log); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 256 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("kubeviz serving", "url", "http://"+displayAddr(ln.Addr()))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: closing sessions with going away")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func displayAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && t.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", t.Port)
	}
	return a.String()
}

// servePprof serves the profiler on its own listener and mux, so it is never
// reachable through the public address.
func servePprof(addr string, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("-pprof: %v", err)
	}
	m := http.NewServeMux()
	m.HandleFunc("/debug/pprof/", pprof.Index)
	m.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	m.HandleFunc("/debug/pprof/profile", pprof.Profile)
	m.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	m.HandleFunc("/debug/pprof/trace", pprof.Trace)
	log.Info("pprof serving", "url", "http://"+displayAddr(ln.Addr())+"/debug/pprof/")
	go http.Serve(ln, m)
	return nil
}
