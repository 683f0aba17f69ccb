// Command registry serves a release directory through the Terraform provider
// registry protocol (v1), over HTTPS on 127.0.0.1 only, so that a real
// `terraform init` can install the released provider exactly as it does
// from registry.terraform.io: it downloads SHA256SUMS and SHA256SUMS.sig,
// verifies the signature with the public key the registry hands out,
// checks the zip against SHA256SUMS and records the signed zh: hashes in
// the lock file. A filesystem mirror cannot show any of that: Terraform
// records zh: hashes only from a signed SHA256SUMS.
//
//	registry -dist DIR -namespace NS -type TYPE -key FILE -ca-file FILE
//	         -url-file FILE [-lifetime D] [-log FILE]
//
// The protocols a version supports come from the release's manifest, as the
// real registry takes them from terraform-registry-manifest.json. The server
// makes its own certificate authority and writes its certificate to
// -ca-file (for SSL_CERT_FILE), then writes its base URL to -url-file once
// it accepts connections. It stops by itself after -lifetime, so a test that
// dies without cleaning up cannot leave it running.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

type platform struct {
	OS   string `json:"os"`
	Arch string `json:"arch"`
}

type release struct {
	dist      string
	namespace string
	typ       string
	version   string
	protocols []string
	platforms []platform
	sums      map[string]string // file name -> hex SHA-256
	keyArmor  string
	keyID     string
	baseURL   string
}

func fatalf(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "registry: "+format+"\n", args...)
	os.Exit(1)
}

// load reads the release directory: the zips of one version, the manifest
// and SHA256SUMS.
func load(dist, namespace, typ string) *release {
	r := &release{dist: dist, namespace: namespace, typ: typ, sums: map[string]string{}}
	zipName := regexp.MustCompile(`^terraform-provider-` + regexp.QuoteMeta(typ) +
		`_([0-9][^_]*)_([a-z0-9]+)_([a-z0-9]+)\.zip$`)
	entries, err := os.ReadDir(dist)
	if err != nil {
		fatalf("%v", err)
	}
	for _, e := range entries {
		m := zipName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		if r.version != "" && r.version != m[1] {
			fatalf("more than one version in %s", dist)
		}
		r.version = m[1]
		r.platforms = append(r.platforms, platform{OS: m[2], Arch: m[3]})
	}
	if r.version == "" {
		fatalf("no provider zip in %s", dist)
	}
	prefix := "terraform-provider-" + typ + "_" + r.version + "_"

	var manifest struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	raw, err := os.ReadFile(filepath.Join(dist, prefix+"manifest.json"))
	if err != nil {
		fatalf("%v", err)
	}
	if err := json.Unmarshal(raw, &manifest); err != nil {
		fatalf("manifest: %v", err)
	}
	if manifest.Version != 1 || len(manifest.Metadata.ProtocolVersions) == 0 {
		fatalf("manifest: want version 1 and protocol_versions, got %s", raw)
	}
	r.protocols = manifest.Metadata.ProtocolVersions

	raw, err = os.ReadFile(filepath.Join(dist, prefix+"SHA256SUMS"))
	if err != nil {
		fatalf("%v", err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 2 {
			r.sums[fields[1]] = fields[0]
		}
	}
	return r
}

func (r *release) zipName(p platform) string {
	return fmt.Sprintf("terraform-provider-%s_%s_%s_%s.zip", r.typ, r.version, p.OS, p.Arch)
}

func writeJSON(w http.ResponseWriter, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (r *release) handler() http.Handler {
	mux := http.NewServeMux()
	base := "/v1/providers/" + r.namespace + "/" + r.typ + "/"
	mux.HandleFunc(base, func(w http.ResponseWriter, req *http.Request) {
		rest := strings.TrimPrefix(req.URL.Path, base)
		if rest == "versions" {
			writeJSON(w, map[string]interface{}{
				"versions": []interface{}{map[string]interface{}{
					"version":   r.version,
					"protocols": r.protocols,
					"platforms": r.platforms,
				}},
			})
			return
		}
		// VERSION/download/OS/ARCH
		parts := strings.Split(rest, "/")
		if len(parts) != 4 || parts[0] != r.version || parts[1] != "download" {
			http.NotFound(w, req)
			return
		}
		p := platform{OS: parts[2], Arch: parts[3]}
		name := r.zipName(p)
		sum, ok := r.sums[name]
		if !ok {
			http.NotFound(w, req)
			return
		}
		prefix := "terraform-provider-" + r.typ + "_" + r.version + "_"
		writeJSON(w, map[string]interface{}{
			"protocols":             r.protocols,
			"os":                    p.OS,
			"arch":                  p.Arch,
			"filename":              name,
			"download_url":          r.baseURL + "/files/" + name,
			"shasums_url":           r.baseURL + "/files/" + prefix + "SHA256SUMS",
			"shasums_signature_url": r.baseURL + "/files/" + prefix + "SHA256SUMS.sig",
			"shasum":                sum,
			"signing_keys": map[string]interface{}{
				"gpg_public_keys": []interface{}{map[string]string{
					"key_id":      r.keyID,
					"ascii_armor": r.keyArmor,
				}},
			},
		})
	})
	mux.HandleFunc("/files/", func(w http.ResponseWriter, req *http.Request) {
		name := strings.TrimPrefix(req.URL.Path, "/files/")
		if name == "" || strings.ContainsAny(name, "/\\") || strings.HasPrefix(name, ".") {
			http.NotFound(w, req)
			return
		}
		http.ServeFile(w, req, filepath.Join(r.dist, name))
	})
	return mux
}

// certificates makes a throwaway CA and a server certificate for localhost
// and 127.0.0.1 signed by it.
func certificates(caFile string) tls.Certificate {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		fatalf("%v", err)
	}
	now := time.Now()
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "threatmodel release test CA"},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		fatalf("%v", err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		fatalf("%v", err)
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    now.Add(-time.Minute),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		fatalf("%v", err)
	}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	if err := os.WriteFile(caFile, caPEM, 0o644); err != nil {
		fatalf("%v", err)
	}
	return tls.Certificate{Certificate: [][]byte{leafDER}, PrivateKey: key}
}

func main() {
	dist := flag.String("dist", "", "release directory")
	namespace := flag.String("namespace", "", "provider namespace")
	typ := flag.String("type", "", "provider type")
	keyFile := flag.String("key", "", "armored public key that signed SHA256SUMS")
	keyID := flag.String("key-id", "", "the key's long ID, as the registry reports it")
	caFile := flag.String("ca-file", "", "where to write the CA certificate")
	urlFile := flag.String("url-file", "", "where to write the base URL")
	lifetime := flag.Duration("lifetime", 5*time.Minute, "stop after this long")
	logFile := flag.String("log", "", "request log")
	flag.Parse()
	if *dist == "" || *namespace == "" || *typ == "" || *keyFile == "" || *caFile == "" || *urlFile == "" {
		flag.Usage()
		os.Exit(2)
	}

	r := load(*dist, *namespace, *typ)
	armor, err := os.ReadFile(*keyFile)
	if err != nil {
		fatalf("%v", err)
	}
	r.keyArmor = string(armor)
	r.keyID = *keyID

	logger := log.New(os.Stderr, "", log.LstdFlags)
	if *logFile != "" {
		f, err := os.Create(*logFile)
		if err != nil {
			fatalf("%v", err)
		}
		defer f.Close()
		logger = log.New(f, "", log.LstdFlags)
	}

	cert := certificates(*caFile)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
	})
	if err != nil {
		fatalf("%v", err)
	}
	r.baseURL = fmt.Sprintf("https://localhost:%d", ln.Addr().(*net.TCPAddr).Port)

	h := r.handler()
	server := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			logger.Printf("%s %s", req.Method, req.URL.Path)
			h.ServeHTTP(w, req)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		time.Sleep(*lifetime)
		logger.Printf("lifetime over, stopping")
		os.Exit(0)
	}()
	tmp := *urlFile + ".tmp"
	if err := os.WriteFile(tmp, []byte(r.baseURL+"\n"), 0o644); err != nil {
		fatalf("%v", err)
	}
	if err := os.Rename(tmp, *urlFile); err != nil {
		fatalf("%v", err)
	}
	if err := server.Serve(ln); err != nil && err != http.ErrServerClosed {
		fatalf("%v", err)
	}
}
