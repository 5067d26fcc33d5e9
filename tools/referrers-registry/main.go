// Command referrers-registry serves go-containerregistry's in-memory registry (pkg/registry) with the
// OCI 1.1 referrers API switched on, for sigil's tests: the registry beside Docker Distribution that
// answers GET /v2/<name>/referrers/<digest>. scripts/bootstrap.sh builds it; the launcher
// (startReferrersRegistry in packages/testing) starts one per test on a free loopback port.
//
// It listens on the loopback address given by --listen (port 0 picks a free one), prints the bound
// address (host:port) on one line of stdout once it accepts connections, logs to stderr only with
// --verbose, and stops on SIGTERM or SIGINT. Everything it stores lives in memory and dies with it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "loopback `address` to listen on (port 0: any free port)")
	verbose := flag.Bool("verbose", false, "log every request to stderr")
	flag.Parse()
	if flag.NArg() > 0 {
		fail(fmt.Errorf("unexpected arguments: %q", flag.Args()))
	}
	if err := run(*listen, *verbose); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "referrers-registry: %v\n", err)
	os.Exit(1)
}

func run(listen string, verbose bool) error {
	if err := requireLoopback(listen); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	requests := log.New(io.Discard, "", 0)
	if verbose {
		requests = log.New(os.Stderr, "referrers-registry: ", log.LstdFlags)
	}
	server := &http.Server{
		Handler:           registry.New(registry.WithReferrersSupport(true), registry.Logger(requests)),
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          log.New(os.Stderr, "referrers-registry: ", log.LstdFlags),
	}

	listener, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	// The launcher waits for this line: the port is bound and connections queue from here on.
	if _, err := fmt.Println(listener.Addr().String()); err != nil {
		listener.Close()
		return err
	}

	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := server.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// requireLoopback refuses anything but a literal loopback IP: the registry has no authentication.
func requireLoopback(address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("--listen %q: %w", address, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--listen %q: not a loopback IP address (the registry has no authentication)", address)
	}
	return nil
}
