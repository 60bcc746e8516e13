// Command openchoreo-oracle answers "what would OpenChoreo v1.2.3 do with this
// workflow and these run parameters?" with OpenChoreo's own code, for
// differential tests of this repository's TypeScript engine.
//
// It reads one JSON case per line on stdin and writes one JSON result per line on
// stdout, in order, flushing after each (so one process serves any number of
// cases). A case:
//
//	{"id": "c1",
//	 "workflow": {Workflow or ClusterWorkflow object (v1: spec.parameters.openAPIV3Schema;
//	              v0.x: spec.schema.{types,parameters} shorthand)},
//	 "runParameters": {... as in WorkflowRun spec.workflow.parameters ...},
//	 "context": {"runName": "r", "namespace": "default", "labels": {...},
//	             "externalRefs": {"<id>": {"spec": {...}}}, "secretStore": "..."}}
//
// A result:
//
//	{"id": "c1", "generation": "v1" | "v0",
//	 "schema": resolved JSON schema, "defaultedParameters": {...},
//	 "parameterTypes": {"/count": "int64", "/ratio": "float64", ...},
//	 "rendered": {"resource": {...}, "resources": [{"id": ..., "resource": {...}}]} | null,
//	 "renderedTypes": {"/resource/spec/parallelism": "int64", ...},
//	 "error": "..." | null, "errorStage": "input" | "schema" | "parameters" | "render" | "serialize" | null,
//	 "note": "..." (only when something was not evaluated, e.g. v0.x rendering)}
//
// Types maps use JSON Pointers (RFC 6901) and name the Go type of every number
// (int64, float64, uint64), which JSON alone cannot show.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

// maxLineBytes bounds one input case.
const maxLineBytes = 16 << 20

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<10), maxLineBytes)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	o := newOracle()
	for in.Scan() {
		line := in.Bytes()
		if len(line) == 0 {
			continue
		}
		res := o.evaluateLine(line)
		if err := enc.Encode(res); err != nil {
			// A result that cannot be encoded is reported as such, never dropped.
			_ = enc.Encode(result{ID: res.ID, Error: ptr(fmt.Sprintf("cannot encode result: %v", err)), ErrorStage: ptr("serialize")})
		}
		if err := out.Flush(); err != nil {
			fmt.Fprintf(os.Stderr, "openchoreo-oracle: stdout: %v\n", err)
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "openchoreo-oracle: stdin: %v\n", err)
		os.Exit(1)
	}
}

func ptr[T any](v T) *T { return &v }
