package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

const readyTimeout = 2 * time.Minute

// startEtcd starts a single-member etcd on free loopback ports.
func startEtcd(dataDir string) (*embed.Etcd, string, error) {
	cfg := embed.NewConfig()
	cfg.Dir = dataDir
	cfg.UnsafeNoFsync = true // test data only
	cfg.LogLevel = "error"
	clientURL, err := freeLoopbackURL()
	if err != nil {
		return nil, "", err
	}
	peerURL, err := freeLoopbackURL()
	if err != nil {
		return nil, "", err
	}
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{clientURL}, []url.URL{clientURL}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{peerURL}, []url.URL{peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, "", err
	}
	select {
	case <-e.Server.ReadyNotify():
		return e, clientURL.String(), nil
	case err := <-e.Err():
		e.Close()
		return nil, "", err
	case <-time.After(time.Minute):
		e.Close()
		return nil, "", fmt.Errorf("etcd not ready after 1m")
	}
}

func freeLoopbackURL() (url.URL, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return url.URL{}, err
	}
	defer l.Close()
	return url.URL{Scheme: "http", Host: l.Addr().String()}, nil
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// writeServiceAccountKey writes a fresh ECDSA key that signs and verifies
// service account tokens.
func writeServiceAccountKey(path string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600)
}

// servingCA returns the last PEM block of the generated serving bundle (the
// serving certificate followed by its self-signed CA).
func servingCA(bundlePath string) ([]byte, error) {
	data, err := os.ReadFile(bundlePath)
	if err != nil {
		return nil, err
	}
	var last *pem.Block
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		last = b
	}
	if last == nil {
		return nil, fmt.Errorf("no certificate in %s", bundlePath)
	}
	return pem.EncodeToMemory(last), nil
}

// waitReady polls /readyz over real TLS with the real token, as a client would,
// and returns the serving CA. It fails with the last answer seen on timeout.
func waitReady(ctx context.Context, serverURL, certFile, token string, runErr chan error) ([]byte, error) {
	deadline := time.Now().Add(readyTimeout)
	last := "no answer yet"
	for time.Now().Before(deadline) {
		select {
		case err := <-runErr:
			runErr <- err
			return nil, fmt.Errorf("kube-apiserver exited before ready: %v", err)
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		caPEM, err := servingCA(certFile)
		if err != nil {
			last = err.Error()
			continue
		}
		status, body, err := getWithToken(ctx, serverURL+"/readyz", caPEM, token)
		if err != nil {
			last = err.Error()
			continue
		}
		if status == http.StatusOK {
			return caPEM, nil
		}
		last = fmt.Sprintf("HTTP %d: %s", status, body)
	}
	return nil, fmt.Errorf("/readyz not ok after %s; last answer: %s", readyTimeout, last)
}

func getWithToken(ctx context.Context, target string, caPEM []byte, token string) (int, string, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return 0, "", fmt.Errorf("invalid CA PEM")
	}
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body := make([]byte, 2048)
	n, _ := resp.Body.Read(body)
	return resp.StatusCode, string(body[:n]), nil
}

func writeKubeconfig(path, serverURL string, caPEM []byte, token string) error {
	content := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: kube-apiserver
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: test-admin
  user:
    token: %s
contexts:
- name: kube-apiserver
  context:
    cluster: kube-apiserver
    user: test-admin
    namespace: default
current-context: kube-apiserver
`, serverURL, base64.StdEncoding.EncodeToString(caPEM), token)
	// Write then rename, so readers never see a partial file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
