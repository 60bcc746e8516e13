// Command kube-apiserver runs the real Kubernetes API server (k8s.io/kubernetes
// v1.36.3: core API, RBAC, apiextensions, aggregation, protobuf) with an embedded
// etcd, in one process, for tests and the local OpenChoreo stack.
//
// It listens on 127.0.0.1 only, serves TLS with a self-signed CA, authenticates
// one bearer token (user test-admin, group system:masters; anonymous requests get
// 401) and authorizes with RBAC. Once /readyz is green it writes a kubeconfig
// (server URL, CA, token) and prints "ready <url>". All state lives in a temp dir
// that is removed at exit (SIGINT/SIGTERM, or stdin closing with
// --exit-on-stdin-close).
//
// Every kube-apiserver flag is accepted as well and wins over the defaults set
// here, e.g. --etcd-compaction-interval=1s, --watch-cache=false, --v=4,
// --enable-admission-plugins, --etcd-servers (an external etcd instead).
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spf13/pflag"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/rest"
	cliflag "k8s.io/component-base/cli/flag"
	"k8s.io/component-base/cli/globalflag"
	basecompatibility "k8s.io/component-base/compatibility"
	"k8s.io/component-base/logs"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

// ownFlags are the flags of this wrapper (the rest are kube-apiserver's).
type ownFlags struct {
	port             int
	dataParent       string
	kubeconfigOut    string
	token            string
	exitOnStdinClose bool
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "kube-apiserver: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	s := options.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	var own ownFlags
	fs.IntVar(&own.port, "port", 0, "port to listen on at 127.0.0.1 (0 = pick a free port)")
	fs.StringVar(&own.dataParent, "data-dir", "", "parent directory of the temporary etcd/cert dir, removed at exit (default: system temp dir)")
	fs.StringVar(&own.kubeconfigOut, "kubeconfig-out", "", "write a kubeconfig for this server here once it is ready")
	fs.StringVar(&own.token, "token", "", "bearer token of the test-admin user (default: random)")
	fs.BoolVar(&own.exitOnStdinClose, "exit-on-stdin-close", false, "shut down when stdin reaches EOF (the parent process died)")
	named := s.Flags()
	globalflag.AddGlobalFlags(named.FlagSet("global"), "kube-apiserver", logs.SkipLoggingConfigurationFlags())
	for _, f := range named.FlagSets {
		fs.AddFlagSet(f)
	}
	fs.SetNormalizeFunc(cliflag.WordSepNormalizeFunc)
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(genericapiserver.SetupSignalContext())
	defer cancel()
	if own.exitOnStdinClose {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			klog.Info("stdin closed, shutting down")
			cancel()
		}()
	}

	dir, err := os.MkdirTemp(own.dataParent, "kube-apiserver-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if own.token == "" {
		own.token = randomToken()
	}

	if !fs.Changed("etcd-servers") {
		etcd, clientURL, err := startEtcd(filepath.Join(dir, "etcd"))
		if err != nil {
			return fmt.Errorf("embedded etcd: %w", err)
		}
		defer etcd.Close()
		if err := fs.Set("etcd-servers", clientURL); err != nil {
			return err
		}
	}
	if err := applyDefaults(fs, dir, own.token); err != nil {
		return err
	}

	// Bind the port here, so a free port is never lost to a race.
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(own.port)))
	if err != nil {
		return err
	}
	s.SecureServing.Listener = ln
	s.SecureServing.BindPort = ln.Addr().(*net.TCPAddr).Port
	s.SecureServing.ExternalAddress = net.ParseIP("127.0.0.1")
	serverURL := fmt.Sprintf("https://127.0.0.1:%d", s.SecureServing.BindPort)

	if err := s.GenericServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return err
	}
	featureGate := s.GenericServerRunOptions.ComponentGlobalsRegistry.FeatureGateFor(basecompatibility.DefaultKubeComponent)
	if err := logsapi.ValidateAndApply(s.Logs, featureGate); err != nil {
		return err
	}
	rest.SetDefaultWarningHandler(rest.NoWarnings{}) // as kube-apiserver's own main does
	completed, err := s.Complete(ctx)
	if err != nil {
		return err
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return fmt.Errorf("invalid options: %v", errs)
	}

	runErr := make(chan error, 1)
	go func() { runErr <- app.Run(ctx, completed) }()

	certFile := filepath.Join(s.SecureServing.ServerCert.CertDirectory, s.SecureServing.ServerCert.PairName+".crt")
	caPEM, err := waitReady(ctx, serverURL, certFile, own.token, runErr)
	if err == nil && own.kubeconfigOut != "" {
		err = writeKubeconfig(own.kubeconfigOut, serverURL, caPEM, own.token)
	}
	if err != nil {
		cancel()
		<-runErr
		return err
	}
	fmt.Printf("ready %s\n", serverURL)

	err = <-runErr
	klog.Info("kube-apiserver stopped")
	return err
}

// applyDefaults sets what a loopback test server needs, for each flag the caller
// did not give.
func applyDefaults(fs *pflag.FlagSet, dir, token string) error {
	tokenFile := filepath.Join(dir, "tokens.csv")
	// token,user,uid,"groups": system:masters bypasses RBAC.
	if err := os.WriteFile(tokenFile, []byte(token+`,test-admin,test-admin,"system:masters"`+"\n"), 0o600); err != nil {
		return err
	}
	saKey := filepath.Join(dir, "service-account.key")
	if err := writeServiceAccountKey(saKey); err != nil {
		return err
	}
	defaults := []struct{ name, value string }{
		{"bind-address", "127.0.0.1"},
		{"cert-dir", filepath.Join(dir, "certs")},
		{"token-auth-file", tokenFile},
		{"anonymous-auth", "false"},
		{"authorization-mode", "RBAC"},
		{"service-account-issuer", "https://kubernetes.default.svc.cluster.local"},
		{"service-account-key-file", saKey},
		{"service-account-signing-key-file", saKey},
		{"service-cluster-ip-range", "10.0.0.0/24"},
		{"allow-privileged", "true"},
		// No controller creates the default ServiceAccounts here (as in envtest).
		{"disable-admission-plugins", "ServiceAccount"},
		// The loopback address cannot be the endpoint of the kubernetes Service.
		{"endpoint-reconciler-type", "none"},
	}
	for _, d := range defaults {
		if fs.Changed(d.name) {
			continue
		}
		if err := fs.Set(d.name, d.value); err != nil {
			return fmt.Errorf("--%s: %w", d.name, err)
		}
	}
	return nil
}
