package main

import (
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// newPlaneProxy forwards /api/proxy/<type>/<id>/<ns>/<name>/k8s<path> to the
// kube-apiserver of kubeconfigPath, authenticating with its credentials.
func newPlaneProxy(kubeconfigPath string) (http.Handler, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfigPath)
	if err != nil {
		return nil, fmt.Errorf("kubeconfig %s: %w", kubeconfigPath, err)
	}
	transport, err := rest.TransportFor(cfg)
	if err != nil {
		return nil, err
	}
	target, err := url.Parse(cfg.Host)
	if err != nil {
		return nil, err
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.Out.URL.Scheme = target.Scheme
			r.Out.URL.Host = target.Host
			r.Out.Host = target.Host
			r.Out.URL.Path, _ = kubernetesPath(r.In.URL.Path) // checked below
			r.Out.URL.RawPath = ""
			r.Out.Header.Del("Authorization") // the transport sets the apiserver's own
		},
		Transport:     transport,
		FlushInterval: -1, // stream watches as they come
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := kubernetesPath(r.URL.Path); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		proxy.ServeHTTP(w, r)
	}), nil
}

// kubernetesPath extracts <path> from
// /api/proxy/<planeType>/<planeID>/<namespace>/<planeName>/k8s<path>.
func kubernetesPath(p string) (string, error) {
	parts := strings.SplitN(strings.TrimPrefix(p, "/api/proxy/"), "/", 5)
	if len(parts) < 5 || !strings.HasPrefix(parts[4], "k8s") {
		return "", fmt.Errorf("expected /api/proxy/<planeType>/<planeID>/<namespace>/<planeName>/k8s<path>, got %s", p)
	}
	rest := strings.TrimPrefix(parts[4], "k8s")
	if rest == "" {
		rest = "/"
	}
	if !strings.HasPrefix(rest, "/") {
		return "", fmt.Errorf("only the k8s target is served, got %s", parts[4])
	}
	return rest, nil
}
