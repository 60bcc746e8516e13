// Command stub-gateway stands in for OpenChoreo's cluster gateway on loopback,
// for a stack where the control plane and the workflow plane are one
// kube-apiserver.
//
//   - /api/proxy/<planeType>/<planeID>/<namespace or _cluster>/<planeName>/k8s<path>
//     is forwarded to the kube-apiserver of --kubeconfig at <path> (query kept,
//     watches streamed), with that kubeconfig's credentials;
//   - POST /api/v1/logs/query is a test observer (observer.go): OpenChoreo's
//     observer API over the lines the Argo executor feeds to
//     POST /_stub/observer/logs (loopback callers only);
//   - every other request answers 200 {} (plane notifications and status).
//
// Handlers live in routes(). Prints "ready <url>" once listening.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (loopback)")
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the kube-apiserver that serves as the workflow plane")
	exitOnStdinClose := flag.Bool("exit-on-stdin-close", false, "exit when stdin reaches EOF (the parent process died)")
	verbose := flag.Bool("v", false, "log every request")
	flag.Parse()
	if *kubeconfig == "" {
		log.Fatal("stub-gateway: --kubeconfig is required")
	}
	proxy, err := newPlaneProxy(*kubeconfig)
	if err != nil {
		log.Fatalf("stub-gateway: %v", err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("stub-gateway: %v", err)
	}
	handler := routes(proxy)
	if *verbose {
		handler = logRequests(handler)
	}
	go func() {
		if err := http.Serve(ln, handler); err != nil {
			log.Fatalf("stub-gateway: %v", err)
		}
	}()
	fmt.Printf("ready http://%s\n", ln.Addr())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	if *exitOnStdinClose {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop <- syscall.SIGTERM
		}()
	}
	<-stop
}

// routes is the gateway's surface.
func routes(proxy http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/api/proxy/", proxy)
	(&observer{}).register(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "{}")
	})
	return mux
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Flush keeps watch streams flowing through the recorder.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		log.Printf("%s %s -> %d", r.Method, r.URL.RequestURI(), rec.status)
	})
}
