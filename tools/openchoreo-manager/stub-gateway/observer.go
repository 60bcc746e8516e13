package main

// A test stand-in for OpenChoreo's observer, for a stack without a kubelet
// (so without pods/log) and without OpenSearch: the Argo executor feeds the
// lines of each step through a loopback-only endpoint, and
// POST /api/v1/logs/query answers them as OpenChoreo's observer does.
//
// The request and response types, JSON binding and writing are OpenChoreo's own
// (internal/observer/types, internal/observer/httputil). Its handler and service
// packages cannot be linked here (they pull in its alert store: SQLite,
// PostgreSQL), so their steps are rewritten, each with its file:line in
// OpenChoreo v1.2.3. What differs: no authentication (the real observer needs a
// JWT), component scopes answer no logs (no resolver), and the adapter's query
// is an in-memory filter (exact namespace, run and task names; searchPhrase as
// a case-insensitive substring).

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/openchoreo/openchoreo/internal/observer/httputil"
	"github.com/openchoreo/openchoreo/internal/observer/types"
)

const (
	// observerFeedPath is where the executor sends lines (loopback only).
	observerFeedPath = "/_stub/observer/logs"
	// Limits of OpenChoreo's handlers/validations.go:19-24 and config.MaxLimit (config/config.go:21).
	defaultLimit      = 100
	maxLimit          = 1000
	maxQueryTimeRange = 30 * 24 * time.Hour
	maxTotal          = 1000 // "The total number of matching log entries, capped at 1000" (openapi/observer-api.yaml)
	// Bounds of this stub.
	maxStoredEntries = 200_000
	maxBodyBytes     = 4 << 20
)

// feedEntry is one line a step's container printed.
type feedEntry struct {
	Namespace       string    `json:"namespace"`
	WorkflowRunName string    `json:"workflowRunName"`
	TaskName        string    `json:"taskName"`
	PodNamespace    string    `json:"podNamespace"`
	PodName         string    `json:"podName"`
	ContainerName   string    `json:"containerName"`
	Timestamp       time.Time `json:"timestamp"`
	Log             string    `json:"log"`
}

type observer struct {
	mu      sync.Mutex
	entries []feedEntry
}

func (o *observer) register(mux *http.ServeMux) {
	mux.HandleFunc("POST "+observerFeedPath, o.feed)
	mux.HandleFunc("POST /api/v1/logs/query", o.queryLogs)
}

// feed stores lines; only callers on loopback may write.
func (o *observer) feed(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		http.Error(w, "the observer feed accepts loopback callers only", http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	var body struct {
		Logs []feedEntry `json:"logs"`
	}
	if err := httputil.BindJSON(r, &body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	o.mu.Lock()
	o.entries = append(o.entries, body.Logs...)
	if over := len(o.entries) - maxStoredEntries; over > 0 {
		o.entries = append([]feedEntry(nil), o.entries[over:]...)
	}
	o.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// queryLogs is OpenChoreo's handlers.QueryLogs (internal/observer/api/handlers/logs.go:18-84).
func (o *observer) queryLogs(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	var req types.LogsQueryRequest
	if err := httputil.BindJSON(r, &req); err != nil {
		writeObserverError(w, http.StatusBadRequest, "badRequest", "Invalid request format")
		return
	}
	if err := validateLogsQueryRequest(&req); err != nil {
		writeObserverError(w, http.StatusBadRequest, "badRequest", err.Error())
		return
	}
	started := time.Now()
	// service.LogsService.QueryLogs parses the already validated times (service/logs.go:86-96).
	start, _ := time.Parse(time.RFC3339, req.StartTime)
	end, _ := time.Parse(time.RFC3339, req.EndTime)
	logs := []types.LogEntry{}
	total := 0
	if scope := req.SearchScope.Workflow; scope != nil {
		logs, total = o.workflowLogs(scope, start, end, &req)
	}
	_ = httputil.WriteJSON(w, http.StatusOK, types.LogsQueryResponse{
		Logs:   logs,
		Total:  total,
		TookMs: int(time.Since(started).Milliseconds()),
	})
}

// workflowLogs stands in for the logs adapter's GetWorkflowLogs, and converts
// as service.convertWorkflowLogsToResponse does (service/logs.go:219-241:
// timestamps in RFC 3339 to the second).
func (o *observer) workflowLogs(scope *types.WorkflowSearchScope, start, end time.Time, req *types.LogsQueryRequest) ([]types.LogEntry, int) {
	phrase := strings.ToLower(req.SearchPhrase)
	levels := map[string]bool{}
	for _, l := range req.LogLevels {
		levels[l] = true
	}
	o.mu.Lock()
	matched := make([]feedEntry, 0)
	for _, e := range o.entries {
		if e.Namespace != scope.Namespace ||
			(scope.WorkflowRunName != "" && e.WorkflowRunName != scope.WorkflowRunName) ||
			(scope.TaskName != "" && e.TaskName != scope.TaskName) ||
			e.Timestamp.Before(start) || e.Timestamp.After(end) ||
			(phrase != "" && !strings.Contains(strings.ToLower(e.Log), phrase)) ||
			(len(levels) > 0 && !levels[levelOf(e.Log)]) {
			continue
		}
		matched = append(matched, e)
	}
	o.mu.Unlock()
	sort.SliceStable(matched, func(i, j int) bool {
		if req.SortOrder == "asc" {
			return matched[i].Timestamp.Before(matched[j].Timestamp)
		}
		return matched[i].Timestamp.After(matched[j].Timestamp)
	})
	total := min(len(matched), maxTotal)
	if len(matched) > req.Limit {
		matched = matched[:req.Limit]
	}
	logs := make([]types.LogEntry, 0, len(matched))
	for _, e := range matched {
		logs = append(logs, types.LogEntry{
			Timestamp: e.Timestamp.Format(time.RFC3339),
			Log:       e.Log,
			Level:     levelOf(e.Log),
		})
	}
	return logs, total
}

// levelOf is the level a log pipeline would parse from a line.
func levelOf(line string) string {
	lower := strings.ToLower(line)
	switch {
	case strings.HasPrefix(lower, "error") || strings.Contains(lower, "level=error"):
		return "ERROR"
	case strings.HasPrefix(lower, "warn") || strings.Contains(lower, "level=warn"):
		return "WARN"
	default:
		return "INFO"
	}
}

// validateLogsQueryRequest is OpenChoreo's handlers.ValidateLogsQueryRequest
// (internal/observer/api/handlers/validations.go:31-84, with validateComponentScope
// :136-152, validateWorkflowScope :154-165, ValidateTimeRange :167-197,
// ValidateAndSetLimit :199-212, ValidateAndSetSortOrder :214-224, ValidateLogLevels :295-314).
func validateLogsQueryRequest(req *types.LogsQueryRequest) error {
	s := req.SearchScope
	if s == nil {
		return fmt.Errorf("searchScope is required")
	}
	if s.Component == nil && s.Workflow == nil {
		return fmt.Errorf("searchScope must be either a ComponentSearchScope (with namespace, and optionally project/component/environment) or WorkflowSearchScope (with namespace, and optionally workflowRunName)")
	}
	if s.Component != nil && s.Workflow != nil {
		return fmt.Errorf("searchScope cannot be both ComponentSearchScope and WorkflowSearchScope")
	}
	if c := s.Component; c != nil {
		c.Namespace, c.Project = strings.TrimSpace(c.Namespace), strings.TrimSpace(c.Project)
		c.Component, c.Environment = strings.TrimSpace(c.Component), strings.TrimSpace(c.Environment)
		if c.Namespace == "" {
			return fmt.Errorf("searchScope.namespace is required")
		}
		if c.Project == "" && c.Component != "" {
			return fmt.Errorf("searchScope.project is required when searchScope.component is provided")
		}
	}
	if wf := s.Workflow; wf != nil {
		wf.Namespace, wf.WorkflowRunName = strings.TrimSpace(wf.Namespace), strings.TrimSpace(wf.WorkflowRunName)
		if wf.Namespace == "" {
			return fmt.Errorf("searchScope.namespace is required")
		}
	}
	if err := validateTimeRange(req.StartTime, req.EndTime); err != nil {
		return err
	}
	switch {
	case req.Limit == 0:
		req.Limit = defaultLimit
	case req.Limit < 0:
		return fmt.Errorf("limit must be a positive integer")
	case req.Limit > maxLimit:
		return fmt.Errorf("limit cannot exceed %d", maxLimit)
	}
	switch req.SortOrder {
	case "":
		req.SortOrder = "desc"
	case "asc", "desc":
	default:
		return fmt.Errorf("sortOrder must be either 'asc' or 'desc'")
	}
	seen := map[string]bool{}
	for _, level := range req.LogLevels {
		if level != "DEBUG" && level != "INFO" && level != "WARN" && level != "ERROR" {
			return fmt.Errorf("invalid log level '%s'; valid levels are: DEBUG, INFO, WARN, ERROR", level)
		}
		if seen[level] {
			return fmt.Errorf("duplicate log level '%s' is not allowed", level)
		}
		seen[level] = true
	}
	return nil
}

func validateTimeRange(startTime, endTime string) error {
	if startTime == "" {
		return fmt.Errorf("startTime is required")
	}
	if endTime == "" {
		return fmt.Errorf("endTime is required")
	}
	start, err := time.Parse(time.RFC3339, startTime)
	if err != nil {
		return fmt.Errorf("startTime must be in RFC3339 format (e.g., 2024-01-01T00:00:00Z): %w", err)
	}
	end, err := time.Parse(time.RFC3339, endTime)
	if err != nil {
		return fmt.Errorf("endTime must be in RFC3339 format (e.g., 2024-01-01T00:00:00Z): %w", err)
	}
	if end.Before(start) {
		return fmt.Errorf("endTime must be after startTime")
	}
	if end.Sub(start) > maxQueryTimeRange {
		return fmt.Errorf("query time range cannot exceed %d days", maxQueryTimeRange/24/time.Hour)
	}
	return nil
}

// writeObserverError writes gen.ErrorResponse as handler.writeErrorResponse does
// (internal/observer/api/handlers/handler.go:28-40): title, errorCode (empty here), message.
func writeObserverError(w http.ResponseWriter, status int, title, message string) {
	body, _ := json.Marshal(map[string]string{"title": title, "errorCode": "", "message": message})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
