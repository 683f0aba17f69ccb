package acceptance

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	plugin "github.com/hashicorp/go-plugin"

	"tmproto/tfplugin6"
)

const notAPluginMessage = "This binary is a plugin. These are not meant to be executed directly."

// runToExit runs the provider with env (the complete environment) until it
// exits by itself, which it must within 10s, and returns its exit code and
// output.
func runToExit(t *testing.T, env []string) (int, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, providerBinary)
	cmd.Env = env
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatal("the plugin did not exit within 10s")
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), &stdout, &stderr
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, &stdout, &stderr
}

func TestWithoutMagicCookie(t *testing.T) {
	cases := map[string][]string{
		"empty environment": {},
		"wrong cookie":      baseEnv(magicCookieKey+"=not-the-cookie", "PLUGIN_PROTOCOL_VERSIONS=6"),
	}
	for name, env := range cases {
		env := env
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runToExit(t, env)
			if code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout must stay empty, got %q", stdout.String())
			}
			if !strings.HasPrefix(stderr.String(), notAPluginMessage+"\n") {
				t.Errorf("stderr = %q, want it to start with %q", stderr.String(), notAPluginMessage)
			}
		})
	}
}

// A PLUGIN_CLIENT_CERT that holds no usable certificate stops the plugin
// before it prints a handshake line, with a message that names the variable,
// and leaves no socket behind.
func TestUnusableClientCertificate(t *testing.T) {
	cases := map[string]string{
		"not PEM":           "garbage",
		"PEM without a DER": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
	}
	for name, cert := range cases {
		cert := cert
		t.Run(name, func(t *testing.T) {
			socketBase := t.TempDir()
			code, stdout, stderr := runToExit(t, baseEnv(magicCookieKey+"="+magicCookieValue,
				"PLUGIN_PROTOCOL_VERSIONS=6", "PLUGIN_CLIENT_CERT="+cert,
				"PLUGIN_UNIX_SOCKET_DIR="+socketBase))
			if code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			if stdout.Len() != 0 {
				t.Errorf("no handshake line may be printed, got %q", stdout.String())
			}
			const want = "terraform-provider-threatmodel: PLUGIN_CLIENT_CERT does not hold a PEM certificate\n"
			if !strings.HasSuffix(stderr.String(), want) {
				t.Errorf("stderr = %q, want it to end with %q", stderr.String(), want)
			}
			if left, _ := os.ReadDir(socketBase); len(left) != 0 {
				t.Errorf("left behind in the socket directory: %v", left)
			}
		})
	}
}

func checkHandshakeFields(t *testing.T, p *rawPlugin, wantTLS bool) string {
	t.Helper()
	f := p.fields
	if len(f) != 6 {
		t.Fatalf("handshake %q has %d fields, want exactly 6 (CORE|APP|NET|ADDR|PROTO|CERT)", p.handshake, len(f))
	}
	if f[0] != "1" || f[1] != "6" || f[2] != "unix" || f[4] != "grpc" {
		t.Fatalf("handshake %q: want 1|6|unix|<path>|grpc|...", p.handshake)
	}
	sock := f[3]
	if !filepath.IsAbs(sock) {
		t.Fatalf("socket path %q is not absolute", sock)
	}
	st, err := os.Stat(sock)
	if err != nil {
		t.Fatalf("socket path from the handshake: %v", err)
	}
	if st.Mode()&os.ModeSocket == 0 {
		t.Fatalf("%s is not a socket (mode %v)", sock, st.Mode())
	}
	if !wantTLS {
		if f[5] != "" {
			t.Fatalf("without PLUGIN_CLIENT_CERT the certificate field must be empty, got %q", f[5])
		}
		return sock
	}
	cert := p.serverCert(t)
	found := false
	for _, n := range cert.DNSNames {
		found = found || n == "localhost"
	}
	if !found {
		t.Fatalf("server certificate SANs %v lack DNS:localhost", cert.DNSNames)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	if _, err := cert.Verify(x509.VerifyOptions{
		DNSName:   "localhost",
		Roots:     pool,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}); err != nil {
		t.Fatalf("server certificate fails the verification go-plugin does: %v", err)
	}
	return sock
}

func TestHandshakeLine(t *testing.T) {
	for _, versions := range []string{"5,6", "6,5"} {
		versions := versions
		t.Run("TLS/"+versions, func(t *testing.T) {
			own, ownPEM := generateCert(t)
			p := startRaw(t, baseEnv(
				magicCookieKey+"="+magicCookieValue,
				"PLUGIN_PROTOCOL_VERSIONS="+versions,
				"PLUGIN_MIN_PORT=10000",
				"PLUGIN_MAX_PORT=25000",
				"PLUGIN_CLIENT_CERT="+string(ownPEM),
			))
			sock := checkHandshakeFields(t, p, true)
			conn := dialUnix(t, sock, clientTLS(own, p.serverCert(t)))
			getSchema(t, tfplugin6.NewProviderClient(conn))
			shutdown(t, conn)
			if code := p.waitExit(t, 5*time.Second); code != 0 {
				t.Fatalf("exit code %d after Shutdown, want 0", code)
			}
			if out := p.stdout.String(); out != "" {
				t.Fatalf("stdout after the handshake line must stay empty, got %q", out)
			}
			if left := socketLeftovers(sock, os.TempDir()); len(left) > 0 {
				t.Fatalf("left behind after shutdown: %v", left)
			}
		})
	}

	t.Run("SocketDir", func(t *testing.T) {
		dir, err := os.MkdirTemp("", "tmsock")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		own, ownPEM := generateCert(t)
		p := startRaw(t, baseEnv(
			magicCookieKey+"="+magicCookieValue,
			"PLUGIN_PROTOCOL_VERSIONS=5,6",
			"PLUGIN_CLIENT_CERT="+string(ownPEM),
			"PLUGIN_UNIX_SOCKET_DIR="+dir,
		))
		sock := checkHandshakeFields(t, p, true)
		// Directly in the directory, as go-plugin does, or in a private
		// subdirectory of it.
		if !strings.HasPrefix(sock, dir+string(filepath.Separator)) {
			t.Fatalf("socket %s is not under PLUGIN_UNIX_SOCKET_DIR %s", sock, dir)
		}
		conn := dialUnix(t, sock, clientTLS(own, p.serverCert(t)))
		shutdown(t, conn)
		if code := p.waitExit(t, 5*time.Second); code != 0 {
			t.Fatalf("exit code %d, want 0", code)
		}
		if left := socketLeftovers(sock, dir); len(left) > 0 {
			t.Fatalf("left behind after shutdown: %v", left)
		}
	})

	t.Run("NoTLS", func(t *testing.T) {
		p := startRaw(t, baseEnv(
			magicCookieKey+"="+magicCookieValue,
			"PLUGIN_PROTOCOL_VERSIONS=5,6",
		))
		sock := checkHandshakeFields(t, p, false)
		conn := dialUnix(t, sock, nil)
		getSchema(t, tfplugin6.NewProviderClient(conn))
		shutdown(t, conn)
		if code := p.waitExit(t, 5*time.Second); code != 0 {
			t.Fatalf("exit code %d, want 0", code)
		}
		if left := socketLeftovers(sock, os.TempDir()); len(left) > 0 {
			t.Fatalf("left behind after shutdown: %v", left)
		}
	})
}

// runHelper implements the helper processes that tests start by
// re-executing the test binary.
func runHelper(mode string) int {
	switch mode {
	case "parent":
		return runParentHelper()
	}
	fmt.Fprintf(os.Stderr, "unknown helper mode %q\n", mode)
	return 2
}

// runParentHelper starts the plugin the way a host does, reports the
// plugin's pid and handshake on stdout, then waits to be killed.
func runParentHelper() int {
	dir := os.Getenv("THREATMODEL_ACC_DIR")
	_, certPEM, err := newCert()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	out, err := os.Create(filepath.Join(dir, "plugin.stdout"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	cmd := exec.Command(os.Getenv("THREATMODEL_PROVIDER_BINARY"))
	cmd.Env = baseEnv(
		magicCookieKey+"="+magicCookieValue,
		"PLUGIN_PROTOCOL_VERSIONS=5,6",
		"PLUGIN_CLIENT_CERT="+string(certPEM),
	)
	cmd.Stdout = out
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		data, _ := os.ReadFile(out.Name())
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			fmt.Printf("%d %s\n", cmd.Process.Pid, data[:i])
			break
		}
		if time.Now().After(deadline) {
			fmt.Fprintln(os.Stderr, "no handshake from the plugin")
			return 1
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {}
}

func TestParentDeath(t *testing.T) {
	dir := t.TempDir()
	helper := exec.Command(os.Args[0])
	helper.Env = append(baseEnv(), helperModeVariable+"=parent", "THREATMODEL_ACC_DIR="+dir,
		"THREATMODEL_PROVIDER_BINARY="+providerBinary)
	var helperErr bytes.Buffer
	helper.Stderr = &helperErr
	out, err := helper.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	defer helper.Process.Kill()

	lineCh := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		lineCh <- line
	}()
	var line string
	select {
	case line = <-lineCh:
	case <-time.After(30 * time.Second):
		t.Fatalf("helper did not report the plugin within 30s; stderr: %s", helperErr.String())
	}
	parts := strings.SplitN(strings.TrimSpace(line), " ", 2)
	if len(parts) != 2 {
		t.Fatalf("helper said %q; stderr: %s", line, helperErr.String())
	}
	pid, err := strconv.Atoi(parts[0])
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Split(parts[1], "|")
	if len(fields) < 4 {
		t.Fatalf("bad handshake %q", parts[1])
	}
	sock := fields[3]
	defer func() {
		if !processGone(pid) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}()
	if processGone(pid) {
		t.Fatal("plugin exited before its parent died")
	}

	if err := helper.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	helper.Wait()
	killed := time.Now()
	if !waitFor(3*time.Second, func() bool { return processGone(pid) }) {
		t.Fatalf("plugin pid %d still running 3s after its parent was SIGKILLed", pid)
	}
	t.Logf("plugin exited %v after its parent died", time.Since(killed).Round(time.Millisecond))
	if !waitFor(time.Second, func() bool { return len(socketLeftovers(sock, os.TempDir())) == 0 }) {
		t.Fatalf("plugin exited after parent death but left %v", socketLeftovers(sock, os.TempDir()))
	}
}

type reattachConfig struct {
	Protocol        string
	ProtocolVersion int
	Pid             int
	Test            bool
	Addr            struct {
		Network string
		String  string
	}
}

func TestDebugMode(t *testing.T) {
	cmd := exec.Command(providerBinary, "-debug")
	cmd.Env = baseEnv()
	var stderr syncBuffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	exited := false
	defer func() {
		if !exited {
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("stderr:\n%s", stderr.String())
		}
	}()

	const marker = "TF_REATTACH_PROVIDERS='"
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if i := strings.Index(sc.Text(), marker); i >= 0 {
				found <- sc.Text()[i+len(marker):]
			}
		}
	}()
	var value string
	select {
	case value = <-found:
	case <-time.After(20 * time.Second):
		t.Fatal("no TF_REATTACH_PROVIDERS line on stdout within 20s")
	}
	end := strings.LastIndex(value, "'")
	if end < 0 {
		t.Fatalf("unterminated TF_REATTACH_PROVIDERS value %q", value)
	}
	var providers map[string]reattachConfig
	if err := json.Unmarshal([]byte(value[:end]), &providers); err != nil {
		t.Fatalf("TF_REATTACH_PROVIDERS is not JSON: %v (%q)", err, value[:end])
	}
	if len(providers) != 1 {
		t.Fatalf("want exactly one provider in TF_REATTACH_PROVIDERS, got %v", providers)
	}
	var rc reattachConfig
	for addr, c := range providers {
		if !strings.HasSuffix(addr, "/"+providerTypeName) {
			t.Errorf("provider address %q does not end in /%s", addr, providerTypeName)
		}
		rc = c
	}
	if rc.Protocol != "grpc" || rc.ProtocolVersion != 6 || !rc.Test {
		t.Fatalf("reattach config %+v: want Protocol grpc, ProtocolVersion 6, Test true", rc)
	}
	if rc.Pid != cmd.Process.Pid {
		t.Errorf("reattach Pid %d, process pid %d", rc.Pid, cmd.Process.Pid)
	}
	if rc.Addr.Network != "unix" || !fileExists(rc.Addr.String) {
		t.Fatalf("reattach address %+v is not an existing unix socket", rc.Addr)
	}

	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  handshake,
		Plugins:          plugin.PluginSet{"provider": providerPlugin{}},
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		Reattach: &plugin.ReattachConfig{
			Protocol: plugin.ProtocolGRPC,
			Addr:     &net.UnixAddr{Name: rc.Addr.String, Net: "unix"},
			Pid:      rc.Pid,
		},
	})
	rpcClient, err := client.Client()
	if err != nil {
		t.Fatalf("reattach without TLS: %v", err)
	}
	raw, err := rpcClient.Dispense("provider")
	if err != nil {
		t.Fatal(err)
	}
	p := raw.(*providerClient)
	schema := getSchema(t, p)
	block := versionSchema(t, schema)
	for i := 0; i < 2; i++ {
		resp, err := p.ConfigureProvider(rpcContext(t), &tfplugin6.ConfigureProvider_Request{
			TerraformVersion: "1.15.0",
			Config:           encode(t, nullConfig(schema.Provider.Block)),
		})
		if err != nil {
			t.Fatalf("ConfigureProvider #%d: %v", i+1, err)
		}
		requireNoErrors(t, fmt.Sprintf("ConfigureProvider #%d (debug mode allows several)", i+1), resp.Diagnostics)
		readVersion(t, p, block)
	}
	p.conn.Close()

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		exited = true
		if err != nil {
			t.Errorf("debug-mode plugin exit after SIGTERM: %v, want status 0", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("debug-mode plugin still running 5s after SIGTERM")
	}
	if left := socketLeftovers(rc.Addr.String, os.TempDir()); len(left) > 0 {
		t.Errorf("left behind after SIGTERM: %v", left)
	}
}

func TestLogFormat(t *testing.T) {
	const layout = "2006-01-02T15:04:05.000000Z07:00"
	levels := map[string]bool{"trace": true, "debug": true, "info": true, "warn": true, "error": true}

	session := func(t *testing.T, env ...string) string {
		m := startManaged(t, env...)
		schema := getSchema(t, m.provider)
		block := versionSchema(t, schema)
		if _, err := m.provider.ConfigureProvider(rpcContext(t), &tfplugin6.ConfigureProvider_Request{
			TerraformVersion: "1.15.0",
			Config:           encode(t, nullConfig(schema.Provider.Block)),
		}); err != nil {
			t.Fatal(err)
		}
		readVersion(t, m.provider, block)
		m.client.Kill()
		return m.stderr.String()
	}

	t.Run("TF_LOG=debug", func(t *testing.T) {
		out := session(t, "TF_LOG=debug")
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if out == "" {
			t.Fatal("no log lines on stderr with TF_LOG=debug")
		}
		for _, line := range lines {
			if strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ") {
				t.Errorf("log line starts like a Go panic: %q", line)
			}
			var entry map[string]interface{}
			if err := json.Unmarshal([]byte(line), &entry); err != nil {
				t.Errorf("stderr line is not a JSON object: %q", line)
				continue
			}
			for _, key := range []string{"@level", "@message", "@timestamp", "@module"} {
				if _, ok := entry[key].(string); !ok {
					t.Errorf("%s is %T, not a string, in %q", key, entry[key], line)
				}
			}
			if lvl, _ := entry["@level"].(string); !levels[lvl] {
				t.Errorf("@level %q is not an hclog level in %q", lvl, line)
			} else if lvl == "trace" {
				t.Errorf("trace line although TF_LOG=debug: %q", line)
			}
			if ts, ok := entry["@timestamp"].(string); ok {
				if _, err := time.Parse(layout, ts); err != nil {
					t.Errorf("@timestamp %q does not parse with %q: %v", ts, layout, err)
				}
			}
			if mod, _ := entry["@module"].(string); mod == "" {
				t.Errorf("empty @module in %q", line)
			}
		}
		t.Logf("%d log lines, first: %s", len(lines), lines[0])
	})

	t.Run("quiet without TF_LOG", func(t *testing.T) {
		if out := session(t); out != "" {
			t.Fatalf("stderr must stay empty without TF_LOG*, got:\n%s", out)
		}
	})

	t.Run("TF_LOG_PROVIDER=off overrides TF_LOG", func(t *testing.T) {
		if out := session(t, "TF_LOG=trace", "TF_LOG_PROVIDER=off"); out != "" {
			t.Fatalf("stderr must stay empty with TF_LOG_PROVIDER=off, got:\n%s", out)
		}
	})
}
