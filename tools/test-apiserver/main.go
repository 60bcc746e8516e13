// Command test-apiserver runs the real Kubernetes apiextensions-apiserver
// (CustomResourceDefinitions + custom resources) backed by an embedded etcd,
// in one process, for integration tests. There is no core API (/api/v1):
// namespaces of custom resources are free strings, nothing needs creating.
//
// It listens on 127.0.0.1 only, authenticates a single bearer token
// (anonymous access is off) and authorizes everything. Once /readyz is green it
// writes a kubeconfig (server URL, CA and token) and prints "ready <url>".
// All state lives in a temp dir that is removed at exit (SIGINT/SIGTERM, or
// stdin closing with --exit-on-stdin-close).
package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	goflag "flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/pflag"
	"go.etcd.io/etcd/server/v3/embed"
	noopoteltrace "go.opentelemetry.io/otel/trace/noop"
	"k8s.io/apiextensions-apiserver/pkg/apiserver"
	"k8s.io/apiextensions-apiserver/pkg/cmd/server/options"
	generatedopenapi "k8s.io/apiextensions-apiserver/pkg/generated/openapi"
	"k8s.io/apiserver/pkg/authentication/authenticatorfactory"
	"k8s.io/apiserver/pkg/authentication/user"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/util/openapi"
	"k8s.io/apiserver/pkg/util/webhook"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/klog/v2"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "test-apiserver: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	o := options.NewCustomResourceDefinitionsServerOptions(os.Stdout, os.Stderr)
	ro := o.RecommendedOptions
	// Everything that would need a core kube-apiserver is switched off.
	ro.Authentication.RemoteKubeConfigFileOptional = true // no TokenReview client
	ro.Authentication.SkipInClusterLookup = true
	ro.Authorization = nil // nil options => AlwaysAllow authorizer
	ro.CoreAPI = nil       // no core informers (so /readyz can turn green)
	ro.Admission = nil     // no NamespaceLifecycle, webhooks, VAP/MAP
	ro.Features.EnablePriorityAndFairness = false
	ro.SecureServing.BindAddress = net.ParseIP("127.0.0.1")

	port := pflag.Int("port", 0, "port to listen on at 127.0.0.1 (0 = pick a free port)")
	dataParent := pflag.String("data-dir", "", "parent directory for the temporary etcd/cert dir, removed at exit (default: system temp dir)")
	kubeconfigOut := pflag.String("kubeconfig-out", "", "write a kubeconfig for this server here once it is ready")
	token := pflag.String("token", "", "bearer token clients must send (default: random)")
	exitOnStdinClose := pflag.Bool("exit-on-stdin-close", false, "shut down when stdin reaches EOF (parent process died)")
	o.AddFlags(pflag.CommandLine) // all standard apiserver flags, e.g. --etcd-compaction-interval, --watch-cache
	klog.InitFlags(nil)
	pflag.CommandLine.AddGoFlagSet(goflag.CommandLine)
	pflag.Parse()

	ctx, cancel := context.WithCancel(genericapiserver.SetupSignalContext())
	defer cancel()
	if *exitOnStdinClose {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			klog.Info("stdin closed, shutting down")
			cancel()
		}()
	}

	dir, err := os.MkdirTemp(*dataParent, "test-apiserver-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	if *token == "" {
		*token = randomToken()
	}

	// 1) Embedded etcd, unless --etcd-servers points at an external one.
	if len(ro.Etcd.StorageConfig.Transport.ServerList) == 0 {
		etcd, clientURL, err := startEtcd(filepath.Join(dir, "etcd"))
		if err != nil {
			return fmt.Errorf("embedded etcd: %w", err)
		}
		defer etcd.Close()
		ro.Etcd.StorageConfig.Transport.ServerList = []string{clientURL}
	}

	// 2) The apiextensions apiserver: options.Config() minus the core informer factory.
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		return err
	}
	ro.SecureServing.Listener = ln
	ro.SecureServing.BindPort = ln.Addr().(*net.TCPAddr).Port
	ro.SecureServing.ExternalAddress = net.ParseIP("127.0.0.1")
	o.ServerRunOptions.AdvertiseAddress = net.ParseIP("127.0.0.1")
	if !pflag.CommandLine.Changed("cert-dir") { // the default is relative to the cwd
		ro.SecureServing.ServerCert.CertDirectory = filepath.Join(dir, "certs")
	}
	serverURL := fmt.Sprintf("https://127.0.0.1:%d", ro.SecureServing.BindPort)

	if err := o.ServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return err
	}
	if err := o.Complete(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if err := ro.SecureServing.MaybeDefaultWithSelfSignedCerts("localhost", nil, []net.IP{net.ParseIP("127.0.0.1")}); err != nil {
		return fmt.Errorf("self-signed certificates: %w", err)
	}

	rc := genericapiserver.NewRecommendedConfig(apiserver.Codecs)
	if err := o.ServerRunOptions.ApplyTo(&rc.Config); err != nil {
		return err
	}
	if err := ro.ApplyTo(rc); err != nil {
		return err
	}
	if err := o.APIEnablement.ApplyTo(&rc.Config, apiserver.DefaultAPIResourceConfigSource(), apiserver.Scheme); err != nil {
		return err
	}
	// Only our token authenticates (the loopback token is added in Complete()).
	rc.Authentication.Authenticator = authenticatorfactory.NewFromTokens(map[string]*user.DefaultInfo{
		*token: {Name: "test-admin", Groups: []string{user.SystemPrivilegedGroup, user.AllAuthenticated}},
	}, rc.Authentication.APIAudiences)

	defs := openapi.GetOpenAPIDefinitionsWithoutDisabledFeatures(generatedopenapi.GetOpenAPIDefinitions)
	namer := openapinamer.NewDefinitionNamer(apiserver.Scheme, scheme.Scheme)
	rc.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(defs, namer) // v2 too, so CRD schemas get published
	rc.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(defs, namer)

	cfg := &apiserver.Config{GenericConfig: rc, ExtraConfig: apiserver.ExtraConfig{
		CRDRESTOptionsGetter: options.NewCRDRESTOptionsGetter(*ro.Etcd, rc.ResourceTransformers, rc.StorageObjectCountTracker),
		ServiceResolver:      webhook.NewDefaultServiceResolver(),
		AuthResolverWrapper:  webhook.NewDefaultAuthenticationInfoResolverWrapper(nil, nil, rc.LoopbackClientConfig, noopoteltrace.NewTracerProvider()),
	}}
	completed := cfg.Complete()
	// Standalone, nothing else serves the root /apis discovery document (in a
	// cluster the kube-aggregator does), so turn the generic one back on.
	completed.GenericConfig.EnableDiscovery = true
	srv, err := completed.New(genericapiserver.NewEmptyDelegate())
	if err != nil {
		return err
	}
	if err := syncRootDiscovery(srv); err != nil {
		return err
	}

	caPEM, err := servingCA(filepath.Join(ro.SecureServing.ServerCert.CertDirectory, ro.SecureServing.ServerCert.PairName+".crt"))
	if err != nil {
		return err
	}

	runErr := make(chan error, 1)
	go func() { runErr <- srv.GenericAPIServer.PrepareRun().RunWithContext(ctx) }()

	if err := waitReady(ctx, serverURL, caPEM, *token, runErr); err != nil {
		cancel()
		<-runErr
		return err
	}
	if *kubeconfigOut != "" {
		if err := writeKubeconfig(*kubeconfigOut, serverURL, caPEM, *token); err != nil {
			cancel()
			<-runErr
			return err
		}
	}
	fmt.Printf("ready %s\n", serverURL)

	err = <-runErr
	klog.Info("apiserver stopped")
	return err
}

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
	case <-time.After(60 * time.Second):
		e.Close()
		return nil, "", fmt.Errorf("not ready after 60s")
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

// servingCA returns the last PEM block of the generated serving bundle
// (serving cert followed by its self-signed CA).
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

// waitReady polls /readyz over real TLS with the real token, like a client would.
func waitReady(ctx context.Context, serverURL string, caPEM []byte, token string, runErr chan error) error {
	client, err := httpClient(caPEM)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-runErr:
			runErr <- err
			return fmt.Errorf("apiserver exited before ready: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, serverURL+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			continue
		}
		_ = resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return nil
		}
	}
	return fmt.Errorf("/readyz not ok after 2m")
}

func writeKubeconfig(path, serverURL string, caPEM []byte, token string) error {
	content := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: test-apiserver
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: test-admin
  user:
    token: %s
contexts:
- name: test-apiserver
  context:
    cluster: test-apiserver
    user: test-admin
    namespace: default
current-context: test-apiserver
`, serverURL, base64.StdEncoding.EncodeToString(caPEM), token)
	// Write then rename, so readers never see a partial file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func httpClient(caPEM []byte) (*http.Client, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("invalid CA PEM")
	}
	return &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}, nil
}
