package main

import (
	"encoding/json"
	"fmt"

	extv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"

	"github.com/openchoreo/openchoreo/internal/schema"
	"github.com/openchoreo/openchoreo/internal/schema/extractor"
)

// shorthandNote says what a v0.x case does not get.
const shorthandNote = "v0.x shorthand: schema and defaults come from OpenChoreo v1.2.3's " +
	"internal/schema/extractor and Kubernetes defaulting; v1.2.3 has no v0.x render pipeline, so nothing is rendered"

type shorthandWorkflow struct {
	Kind string `json:"kind"`
	Spec struct {
		Schema *struct {
			Types      map[string]any `json:"types"`
			Parameters map[string]any `json:"parameters"`
		} `json:"schema"`
		Parameters json.RawMessage `json:"parameters"`
	} `json:"spec"`
}

// isShorthand: a v0.x workflow carries spec.schema and no spec.parameters.
func isShorthand(raw json.RawMessage) bool {
	var wf shorthandWorkflow
	if err := json.Unmarshal(raw, &wf); err != nil {
		return false
	}
	return wf.Spec.Schema != nil && len(wf.Spec.Parameters) == 0
}

// evaluateShorthand converts the shorthand with the extractor (as OpenChoreo
// converts ComponentType/Trait shorthand), then defaults the run parameters with
// the resulting structural schema, keeping the extractor's Go types.
func (o *oracle) evaluateShorthand(in caseInput, res result) result {
	res.Generation = "v0"
	res.Note = shorthandNote
	var wf shorthandWorkflow
	if err := json.Unmarshal(in.Workflow, &wf); err != nil {
		return fail(res, "input", fmt.Errorf("workflow: %w", err))
	}
	fields := wf.Spec.Schema.Parameters
	if fields == nil {
		fields = map[string]any{}
	}
	internal, err := extractor.ExtractSchema(fields, wf.Spec.Schema.Types, extractor.Options{})
	if err != nil {
		return fail(res, "schema", err)
	}
	var v1 extv1.JSONSchemaProps
	if err := extv1.Convert_apiextensions_JSONSchemaProps_To_v1_JSONSchemaProps(internal, &v1, nil); err != nil {
		return fail(res, "schema", err)
	}
	res.Schema = &v1

	structural, err := apiextschema.NewStructural(internal)
	if err != nil {
		return fail(res, "schema", fmt.Errorf("failed to build structural schema: %w", err))
	}
	params := map[string]any{}
	if raw := rawOrNil(in.RunParameters); raw != nil {
		if err := json.Unmarshal(raw.Raw, &params); err != nil {
			return fail(res, "parameters", fmt.Errorf("failed to unmarshal parameters: %w", err))
		}
	}
	res.DefaultedParameters = schema.ApplyDefaults(params, structural)
	collectNumberTypes(res.DefaultedParameters, "", res.ParameterTypes)
	return res
}
