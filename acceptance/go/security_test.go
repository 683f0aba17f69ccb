package acceptance

import (
	"crypto/tls"
	"os"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"tmproto/tfplugin6"
)

// A plugin started with AutoMTLS must serve only the host whose certificate
// it was given.
func TestForeignPeersRefused(t *testing.T) {
	m := startManaged(t)
	sock := m.socketPath(t)
	foreign, _ := generateCert(t)

	peers := map[string]credentials.TransportCredentials{
		"foreign client certificate": credentials.NewTLS(&tls.Config{
			Certificates:       []tls.Certificate{foreign},
			InsecureSkipVerify: true,
			ServerName:         "localhost",
		}),
		"no client certificate": credentials.NewTLS(&tls.Config{
			InsecureSkipVerify: true,
			ServerName:         "localhost",
		}),
		"plaintext": nil,
	}
	for name, creds := range peers {
		creds := creds
		t.Run(name, func(t *testing.T) {
			conn := dialUnix(t, sock, creds)
			_, err := tfplugin6.NewProviderClient(conn).GetProviderSchema(rpcContext(t), &tfplugin6.GetProviderSchema_Request{})
			if err == nil {
				t.Fatal("GetProviderSchema succeeded for a peer without the host's certificate")
			}
			if status.Code(err) == codes.DeadlineExceeded {
				t.Fatalf("the server neither served nor refused the peer within %v", rpcTimeout)
			}
			t.Logf("refused as expected: %v", err)
			_, err = healthpb.NewHealthClient(conn).Check(rpcContext(t), &healthpb.HealthCheckRequest{Service: "plugin"})
			if err == nil {
				t.Fatal("health check succeeded for a peer without the host's certificate")
			}
		})
	}

	// The rightful host is unaffected.
	getSchema(t, m.provider)
}

// The same process-level check without go-plugin: the certificate pinned
// through PLUGIN_CLIENT_CERT is accepted and verifies the server the way
// go-plugin does, and any other certificate is refused.
func TestPinnedClientCertificate(t *testing.T) {
	own, ownPEM := generateCert(t)
	p := startRaw(t, baseEnv(
		magicCookieKey+"="+magicCookieValue,
		"PLUGIN_PROTOCOL_VERSIONS=6",
		"PLUGIN_CLIENT_CERT="+string(ownPEM),
	))
	if len(p.fields) < 4 {
		t.Fatalf("bad handshake %q", p.handshake)
	}
	server := p.serverCert(t)
	sock := p.fields[3]

	conn := dialUnix(t, sock, clientTLS(own, server))
	if _, err := tfplugin6.NewProviderClient(conn).GetProviderSchema(rpcContext(t), &tfplugin6.GetProviderSchema_Request{}); err != nil {
		t.Fatalf("GetProviderSchema with the pinned certificate, verifying the server as go-plugin does: %v", err)
	}

	other, _ := generateCert(t)
	bad := dialUnix(t, sock, clientTLS(other, server))
	if _, err := tfplugin6.NewProviderClient(bad).GetProviderSchema(rpcContext(t), &tfplugin6.GetProviderSchema_Request{}); err == nil {
		t.Fatal("GetProviderSchema succeeded with a certificate other than PLUGIN_CLIENT_CERT")
	}

	shutdown(t, conn)
	if code := p.waitExit(t, 5*time.Second); code != 0 {
		t.Fatalf("exit code %d after Shutdown, want 0", code)
	}
	if left := socketLeftovers(sock, os.TempDir()); len(left) > 0 {
		t.Fatalf("left behind after Shutdown: %v", left)
	}
}
