package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"google.golang.org/protobuf/types/known/structpb"
)

// convertParameterValuesToStrings is the controller's last step before it
// creates the run resource: every spec.arguments.parameters[].value becomes a
// string. The controller's function is unexported
// (internal/controller/workflowrun/controller.go convertParameterValuesToStrings
// and convertToString in OpenChoreo v1.2.3); this is written from reading it:
//   - strings stay; int/int32/int64 print with %d; float32/float64 with %v
//     (so 1234567.0 prints "1.234567e+06" and 3.0 prints "3"); bools with %t;
//   - lists and maps become their encoding/json text;
//   - anything else (nil, uint64) prints with %v ("<nil>" for null).
//
// Only that one path is touched; other keys and non-map list items are kept.
func convertParameterValuesToStrings(resource map[string]any) map[string]any {
	spec, ok := resource["spec"].(map[string]any)
	if !ok {
		return resource
	}
	args, ok := spec["arguments"].(map[string]any)
	if !ok {
		return resource
	}
	params, ok := args["parameters"].([]any)
	if !ok {
		return resource
	}
	converted := make([]any, len(params))
	for i, p := range params {
		m, ok := p.(map[string]any)
		if !ok {
			converted[i] = p
			continue
		}
		c := make(map[string]any, len(m))
		for k, v := range m {
			if k == "value" {
				c[k] = convertToString(v)
			} else {
				c[k] = v
			}
		}
		converted[i] = c
	}
	return withPath(resource, converted, "spec", "arguments", "parameters")
}

func convertToString(value any) string {
	switch v := value.(type) {
	case string:
		return v
	case int, int32, int64:
		return fmt.Sprintf("%d", v)
	case float32, float64:
		return fmt.Sprintf("%v", v)
	case bool:
		return fmt.Sprintf("%t", v)
	case []any, map[string]any:
		if b, err := json.Marshal(v); err == nil {
			return string(b)
		}
		return fmt.Sprintf("%v", v)
	default:
		return fmt.Sprintf("%v", v)
	}
}

// withPath returns a shallow copy of m with m[path...] = value (the maps on the
// path are copied, nothing else).
func withPath(m map[string]any, value any, path ...string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	if len(path) == 1 {
		out[path[0]] = value
		return out
	}
	out[path[0]] = withPath(m[path[0]].(map[string]any), value, path[1:]...)
	return out
}

// collectNumberTypes records the Go type of every number under v, keyed by its
// JSON Pointer below prefix. A CEL null comes out of OpenChoreo's engine as
// structpb.NullValue, which JSON shows as the number 0: it is recorded as
// "NullValue".
func collectNumberTypes(v any, prefix string, into map[string]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, item := range t {
			collectNumberTypes(item, prefix+"/"+escapePointer(k), into)
		}
	case []any:
		for i, item := range t {
			collectNumberTypes(item, fmt.Sprintf("%s/%d", prefix, i), into)
		}
	case int64:
		into[prefix] = "int64"
	case float64:
		into[prefix] = "float64"
	case uint64:
		into[prefix] = "uint64"
	case int:
		into[prefix] = "int"
	case int32:
		into[prefix] = "int32"
	case float32:
		into[prefix] = "float32"
	case structpb.NullValue:
		into[prefix] = "NullValue"
	}
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
