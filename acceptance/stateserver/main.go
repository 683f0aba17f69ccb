// Command stateserver is a minimal Terraform `http` state backend for the
// acceptance tests: it keeps state in memory, implements the LOCK/UNLOCK
// protocol, and listens on a random free port of 127.0.0.1 only.
//
//	stateserver -url-file FILE [-max-requests N] [-lifetime D] [-log FILE]
//
// It writes its base URL to FILE once it accepts connections. It stops by
// itself after N requests or after D, whichever comes first, so a test that
// dies without cleaning up cannot leave it running.
//
// Request bodies and Authorization headers are never logged: the tests use
// this server to show that backend credentials do not leak, and the server's
// own log must not be where they show up.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Caps the state and lock bodies kept in memory.
const maxBodyBytes = 4 << 20

type lockInfo struct {
	ID string `json:"ID"`
}

type server struct {
	mu       sync.Mutex
	states   map[string][]byte // by state name
	locks    map[string][]byte // raw lock info JSON, by state name
	requests int
	max      int
	done     chan struct{}
	once     sync.Once
	logger   *log.Logger
}

func (s *server) stop() { s.once.Do(func() { close(s.done) }) }

// name maps /state/NAME and /lock/NAME to NAME, so the state address and
// the lock address of one backend refer to the same state.
func name(path, prefix string) (string, bool) {
	if !strings.HasPrefix(path, prefix) {
		return "", false
	}
	n := strings.TrimPrefix(path, prefix)
	return n, n != ""
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	n := s.requests
	s.mu.Unlock()
	if n > s.max {
		s.reply(w, r, http.StatusServiceUnavailable, nil)
		return
	}
	if n == s.max {
		defer s.stop()
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil || len(body) > maxBodyBytes {
		s.reply(w, r, http.StatusRequestEntityTooLarge, nil)
		return
	}
	if state, ok := name(r.URL.Path, "/state/"); ok {
		s.serveState(w, r, state, body)
		return
	}
	if state, ok := name(r.URL.Path, "/lock/"); ok {
		s.serveLock(w, r, state, body)
		return
	}
	s.reply(w, r, http.StatusNotFound, nil)
}

func (s *server) serveState(w http.ResponseWriter, r *http.Request, state string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.Method {
	case http.MethodGet:
		data, ok := s.states[state]
		if !ok {
			// Terraform's client reads 404 as "no state yet".
			s.reply(w, r, http.StatusNotFound, nil)
			return
		}
		s.reply(w, r, http.StatusOK, data)
	case http.MethodPost, http.MethodPut:
		// A locked state may only be written by the lock holder, which
		// Terraform identifies with the ID query parameter.
		if held, ok := s.locks[state]; ok && heldID(held) != r.URL.Query().Get("ID") {
			s.reply(w, r, http.StatusConflict, held)
			return
		}
		s.states[state] = body
		s.reply(w, r, http.StatusOK, nil)
	case http.MethodDelete:
		delete(s.states, state)
		s.reply(w, r, http.StatusOK, nil)
	default:
		s.reply(w, r, http.StatusMethodNotAllowed, nil)
	}
}

func (s *server) serveLock(w http.ResponseWriter, r *http.Request, state string, body []byte) {
	var info lockInfo
	if err := json.Unmarshal(body, &info); err != nil || info.ID == "" {
		s.reply(w, r, http.StatusBadRequest, nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	held, locked := s.locks[state]
	switch r.Method {
	case "LOCK":
		if locked {
			// 423 with the holder's lock info is what makes Terraform
			// report "state already locked" instead of a generic error.
			s.reply(w, r, http.StatusLocked, held)
			return
		}
		s.locks[state] = body
		s.reply(w, r, http.StatusOK, nil)
	case "UNLOCK":
		if locked && heldID(held) != info.ID {
			s.reply(w, r, http.StatusConflict, held)
			return
		}
		delete(s.locks, state)
		s.reply(w, r, http.StatusOK, nil)
	default:
		s.reply(w, r, http.StatusMethodNotAllowed, nil)
	}
}

func heldID(raw []byte) string {
	var info lockInfo
	_ = json.Unmarshal(raw, &info)
	return info.ID
}

func (s *server) reply(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	auth := "none"
	if _, _, ok := r.BasicAuth(); ok {
		auth = "basic"
	}
	// Method, path and status only: the query may carry a lock ID and the
	// headers credentials, neither of which the tests need.
	s.logger.Printf("%s %s %d auth=%s", r.Method, r.URL.Path, status, auth)
	if body != nil {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	if body != nil {
		_, _ = w.Write(body)
	}
}

func main() {
	urlFile := flag.String("url-file", "", "file to write the base URL to (required)")
	maxRequests := flag.Int("max-requests", 200, "stop after this many requests")
	lifetime := flag.Duration("lifetime", 5*time.Minute, "stop after this long")
	logFile := flag.String("log", "", "request log (default stderr)")
	flag.Parse()
	if *urlFile == "" || *maxRequests < 1 || *lifetime <= 0 {
		flag.Usage()
		os.Exit(2)
	}

	out := io.Writer(os.Stderr)
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			log.Fatalf("stateserver: %v", err)
		}
		defer f.Close()
		out = f
	}
	s := &server{
		states: map[string][]byte{},
		locks:  map[string][]byte{},
		max:    *maxRequests,
		done:   make(chan struct{}),
		logger: log.New(out, "", 0),
	}

	// Port 0: the kernel picks a free port, so parallel runs cannot clash.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatalf("stateserver: %v", err)
	}
	url := fmt.Sprintf("http://%s", ln.Addr().String())
	// Written through a rename so a poller never reads half a URL.
	tmp := *urlFile + ".tmp"
	if err := os.WriteFile(tmp, []byte(url+"\n"), 0o600); err != nil {
		log.Fatalf("stateserver: %v", err)
	}
	if err := os.Rename(tmp, *urlFile); err != nil {
		log.Fatalf("stateserver: %v", err)
	}

	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	go func() {
		select {
		case <-s.done:
		case <-time.After(*lifetime):
			s.logger.Printf("lifetime of %s reached", *lifetime)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		log.Fatalf("stateserver: %v", err)
	}
	s.mu.Lock()
	s.logger.Printf("stopped after %d request(s)", s.requests)
	s.mu.Unlock()
}
