package acceptance

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/golang/protobuf/ptypes/empty"
	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"

	"tmproto/tfplugin6"
)

const (
	magicCookieKey   = "TF_PLUGIN_MAGIC_COOKIE"
	magicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"

	providerTypeName   = "threatmodel"
	versionDataSource  = "threatmodel_version"
	helperModeVariable = "THREATMODEL_ACC_HELPER"
	rpcTimeout         = 10 * time.Second
)

var providerBinary string

func TestMain(m *testing.M) {
	if os.Getenv(helperModeVariable) != "" {
		os.Exit(runHelper(os.Getenv(helperModeVariable)))
	}
	providerBinary = os.Getenv("THREATMODEL_PROVIDER_BINARY")
	if providerBinary == "" {
		fmt.Fprintln(os.Stderr, "THREATMODEL_PROVIDER_BINARY is not set")
		os.Exit(2)
	}
	if st, err := os.Stat(providerBinary); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		fmt.Fprintf(os.Stderr, "provider binary %q is not an executable file\n", providerBinary)
		os.Exit(2)
	}
	// go-plugin appends os.Environ() after the variables a test sets, so
	// anything inherited here would override them.
	for _, kv := range os.Environ() {
		name := strings.SplitN(kv, "=", 2)[0]
		if isPluginVariable(name) {
			os.Unsetenv(name)
		}
	}
	os.Exit(m.Run())
}

// isPluginVariable reports whether an environment variable influences a
// plugin process, so that tests control it rather than inherit it.
func isPluginVariable(name string) bool {
	return strings.HasPrefix(name, "TF_LOG") || strings.HasPrefix(name, "PLUGIN_") ||
		name == magicCookieKey || name == "TF_REATTACH_PROVIDERS" || name == "TF_DISABLE_PLUGIN_TLS"
}

// baseEnv is the environment of a raw plugin start: the test's own
// environment without anything plugin-related.
func baseEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !isPluginVariable(strings.SplitN(kv, "=", 2)[0]) {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// syncBuffer is a bytes.Buffer safe for concurrent writers and readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// providerPlugin is the go-plugin glue: it hands out a tfplugin6 client on
// the connection go-plugin set up.
type providerPlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

type providerClient struct {
	tfplugin6.ProviderClient
	conn *grpc.ClientConn
}

func (providerPlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error {
	return errors.New("the acceptance tests only act as a client")
}

func (providerPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, conn *grpc.ClientConn) (interface{}, error) {
	return &providerClient{ProviderClient: tfplugin6.NewProviderClient(conn), conn: conn}, nil
}

var handshake = plugin.HandshakeConfig{
	ProtocolVersion:  6,
	MagicCookieKey:   magicCookieKey,
	MagicCookieValue: magicCookieValue,
}

// managedPlugin is a plugin process started the way Terraform starts one.
type managedPlugin struct {
	client   *plugin.Client
	provider *providerClient
	stderr   *syncBuffer // raw stderr of the plugin process
	hostLog  *syncBuffer // go-plugin's own log
}

// startManaged starts the provider through go-plugin with AutoMTLS, as
// Terraform does, and dispenses a tfplugin6 client. extraEnv is added to
// the plugin's environment. The process is killed at the end of the test.
func startManaged(t *testing.T, extraEnv ...string) *managedPlugin {
	t.Helper()
	m := &managedPlugin{stderr: &syncBuffer{}, hostLog: &syncBuffer{}}
	cmd := exec.Command(providerBinary)
	cmd.Env = append([]string(nil), extraEnv...)
	m.client = plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  handshake,
		Plugins:          plugin.PluginSet{"provider": providerPlugin{}},
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		Managed:          true,
		StartTimeout:     20 * time.Second,
		Stderr:           m.stderr,
		Logger: hclog.New(&hclog.LoggerOptions{
			Name:   "host",
			Level:  hclog.Debug,
			Output: m.hostLog,
		}),
	})
	t.Cleanup(func() {
		m.client.Kill()
		if t.Failed() {
			t.Logf("plugin stderr:\n%s", m.stderr.String())
			t.Logf("go-plugin log:\n%s", m.hostLog.String())
		}
	})
	rpcClient, err := m.client.Client()
	if err != nil {
		t.Fatalf("starting the plugin through go-plugin (AutoMTLS): %v\nplugin stderr:\n%s\ngo-plugin log:\n%s",
			err, m.stderr.String(), m.hostLog.String())
	}
	raw, err := rpcClient.Dispense("provider")
	if err != nil {
		t.Fatalf("dispense: %v", err)
	}
	m.provider = raw.(*providerClient)
	return m
}

// socketPath returns the unix socket the plugin announced.
func (m *managedPlugin) socketPath(t *testing.T) string {
	t.Helper()
	rc := m.client.ReattachConfig()
	if rc == nil || rc.Addr == nil {
		t.Fatal("go-plugin has no reattach config for a started plugin")
	}
	if rc.Addr.Network() != "unix" {
		t.Fatalf("plugin listens on %s %s, want a unix socket", rc.Addr.Network(), rc.Addr.String())
	}
	return rc.Addr.String()
}

func rpcContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), rpcTimeout)
	t.Cleanup(cancel)
	return ctx
}

// generateCert makes a self-signed ECDSA certificate of the same shape as
// the one a go-plugin host sends in PLUGIN_CLIENT_CERT.
func generateCert(t *testing.T) (tls.Certificate, []byte) {
	t.Helper()
	pair, certPEM, err := newCert()
	if err != nil {
		t.Fatal(err)
	}
	return pair, certPEM
}

func newCert() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "localhost", Organization: []string{"acceptance"}},
		DNSNames:              []string{"localhost"},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyAgreement | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	return pair, certPEM, err
}

// dialUnix opens a gRPC connection to a unix socket. creds nil means
// plaintext.
func dialUnix(t *testing.T, path string, creds credentials.TransportCredentials) *grpc.ClientConn {
	t.Helper()
	opts := []grpc.DialOption{
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		}),
	}
	if creds == nil {
		opts = append(opts, grpc.WithInsecure())
	} else {
		opts = append(opts, grpc.WithTransportCredentials(creds))
	}
	conn, err := grpc.Dial("unused", opts...)
	if err != nil {
		t.Fatalf("dial %s: %v", path, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// rawPlugin is a plugin process started directly, without go-plugin, so the
// handshake line and the process's streams can be inspected byte for byte.
type rawPlugin struct {
	cmd       *exec.Cmd
	handshake string
	fields    []string
	stdout    *syncBuffer // everything after the handshake line
	stderr    *syncBuffer
	done      chan struct{}
	waitErr   error
}

// startRaw execs the provider with env (the complete environment) and
// reads the handshake line.
func startRaw(t *testing.T, env []string, args ...string) *rawPlugin {
	t.Helper()
	p := &rawPlugin{stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(providerBinary, args...)
	p.cmd.Env = env
	p.cmd.Stderr = p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("exec %s: %v", providerBinary, err)
	}
	lineCh := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		line, _ := r.ReadString('\n')
		lineCh <- line
		io.Copy(p.stdout, r)
	}()
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("plugin stderr:\n%s", p.stderr.String())
		}
	})
	select {
	case line := <-lineCh:
		if !strings.HasSuffix(line, "\n") {
			t.Fatalf("plugin closed stdout without a complete handshake line (got %q); stderr:\n%s", line, p.stderr.String())
		}
		p.handshake = strings.TrimSuffix(line, "\n")
		p.fields = strings.Split(p.handshake, "|")
	case <-time.After(20 * time.Second):
		t.Fatalf("no handshake line within 20s; stderr:\n%s", p.stderr.String())
	}
	return p
}

// waitExit waits for the process to exit and returns its exit code.
func (p *rawPlugin) waitExit(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(within):
		t.Fatalf("plugin still running %v later", within)
	}
	var exitErr *exec.ExitError
	if errors.As(p.waitErr, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("plugin died from signal %v", ws.Signal())
		}
		return exitErr.ExitCode()
	}
	if p.waitErr != nil {
		t.Fatalf("wait: %v", p.waitErr)
	}
	return 0
}

// serverCert decodes the sixth handshake field.
func (p *rawPlugin) serverCert(t *testing.T) *x509.Certificate {
	t.Helper()
	if len(p.fields) != 6 {
		t.Fatalf("handshake %q has %d fields, want 6", p.handshake, len(p.fields))
	}
	field := p.fields[5]
	if strings.ContainsAny(field, "=\n\r ") {
		t.Fatalf("certificate field contains padding or whitespace: %q", field)
	}
	der, err := base64.RawStdEncoding.DecodeString(field)
	if err != nil {
		t.Fatalf("certificate field is not unpadded standard base64: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("certificate field is not DER X.509: %v", err)
	}
	return cert
}

// clientTLS builds the TLS configuration a go-plugin host uses: its own
// certificate, and the server pinned to the certificate from the handshake.
func clientTLS(own tls.Certificate, server *x509.Certificate) credentials.TransportCredentials {
	pool := x509.NewCertPool()
	pool.AddCert(server)
	return credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{own},
		RootCAs:      pool,
		ServerName:   "localhost",
		MinVersion:   tls.VersionTLS12,
	})
}

// shutdown calls plugin.GRPCController/Shutdown as a host does on close.
// plugin.Empty and google.protobuf.Empty encode identically; go-plugin
// registers its own plugin.Empty, so the suite does not generate a second.
func shutdown(t *testing.T, conn *grpc.ClientConn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), rpcTimeout)
	defer cancel()
	err := conn.Invoke(ctx, "/plugin.GRPCController/Shutdown", &empty.Empty{}, &empty.Empty{})
	// The server may stop before the reply is read; a host ignores errors.
	if err != nil && status.Code(err) != codes.Unavailable {
		t.Logf("Shutdown returned %v", err)
	}
}

// processGone reports whether pid no longer runs (absent or a zombie).
func processGone(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil {
		return true
	}
	data, err := os.ReadFile(filepath.Join("/proc", fmt.Sprint(pid), "stat"))
	if err != nil {
		return true
	}
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && (s[i+2] == 'Z' || s[i+2] == 'X')
}

// socketLeftovers lists what a stopped plugin left behind of its socket:
// the socket file, and a private directory made for it inside base.
func socketLeftovers(sock, base string) []string {
	var left []string
	if fileExists(sock) {
		left = append(left, sock)
	}
	if dir := filepath.Dir(sock); filepath.Clean(dir) != filepath.Clean(base) && fileExists(dir) {
		left = append(left, dir)
	}
	return left
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(within time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(within)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}
