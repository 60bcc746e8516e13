package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/openchoreo/openchoreo/api/v1alpha1"
	"github.com/openchoreo/openchoreo/internal/controller"
	workflowpipeline "github.com/openchoreo/openchoreo/internal/pipeline/workflow"
	"github.com/openchoreo/openchoreo/internal/schema"
)

type caseInput struct {
	ID            string          `json:"id"`
	Workflow      json.RawMessage `json:"workflow"`
	RunParameters json.RawMessage `json:"runParameters"`
	Context       struct {
		RunName      string            `json:"runName"`
		Namespace    string            `json:"namespace"`
		Labels       map[string]string `json:"labels"`
		ExternalRefs map[string]any    `json:"externalRefs"`
		SecretStore  string            `json:"secretStore"`
	} `json:"context"`
}

type renderedOutput struct {
	Resource  map[string]any     `json:"resource"`
	Resources []renderedResource `json:"resources"`
}

type renderedResource struct {
	ID       string         `json:"id"`
	Resource map[string]any `json:"resource"`
}

type result struct {
	ID                  string            `json:"id"`
	Generation          string            `json:"generation,omitempty"`
	Schema              any               `json:"schema"`
	DefaultedParameters any               `json:"defaultedParameters"`
	ParameterTypes      map[string]string `json:"parameterTypes"`
	Rendered            *renderedOutput   `json:"rendered"`
	RenderedTypes       map[string]string `json:"renderedTypes"`
	Error               *string           `json:"error"`
	ErrorStage          *string           `json:"errorStage"`
	Note                string            `json:"note,omitempty"`
}

type oracle struct {
	// One pipeline for all cases, as the controller shares one across reconciles
	// (its CEL environment and program caches included).
	pipeline *workflowpipeline.Pipeline
}

func newOracle() *oracle {
	return &oracle{pipeline: workflowpipeline.NewPipeline()}
}

func (o *oracle) evaluateLine(line []byte) (res result) {
	var in caseInput
	defer func() {
		if p := recover(); p != nil {
			res = result{ID: in.ID, Error: ptr(fmt.Sprintf("panic: %v\n%s", p, debug.Stack())), ErrorStage: ptr("panic")}
		}
	}()
	if err := json.Unmarshal(line, &in); err != nil {
		return fail(result{}, "input", fmt.Errorf("case is not valid JSON: %w", err))
	}
	res = result{ID: in.ID, ParameterTypes: map[string]string{}, RenderedTypes: map[string]string{}}
	if isShorthand(in.Workflow) {
		return o.evaluateShorthand(in, res)
	}
	return o.evaluateV1(in, res)
}

// evaluateV1 runs the controller's path for a v1 Workflow or ClusterWorkflow:
// internal/controller/workflowrun/controller.go Reconcile -> Pipeline.Render ->
// applyRenderedRunResource (convertParameterValuesToStrings).
func (o *oracle) evaluateV1(in caseInput, res result) result {
	res.Generation = "v1"
	wf, err := decodeWorkflow(in.Workflow)
	if err != nil {
		return fail(res, "input", err)
	}
	run := &v1alpha1.WorkflowRun{
		ObjectMeta: metav1.ObjectMeta{Name: in.Context.RunName, Namespace: in.Context.Namespace, Labels: in.Context.Labels},
		Spec: v1alpha1.WorkflowRunSpec{Workflow: v1alpha1.WorkflowRunConfig{
			Name: wf.Name, Parameters: rawOrNil(in.RunParameters),
		}},
	}
	renderInput := &workflowpipeline.RenderInput{
		WorkflowRun: run,
		Workflow:    wf,
		Context: workflowpipeline.WorkflowContext{
			NamespaceName:   in.Context.Namespace,
			WorkflowRunName: in.Context.RunName,
			Labels:          in.Context.Labels,
			ExternalRefs:    in.Context.ExternalRefs,
			WorkflowPlane:   workflowpipeline.WorkflowPlaneData{SecretStore: in.Context.SecretStore},
		},
	}

	resolved, err := schema.SectionToRawJSONSchema(wf.Spec.Parameters)
	if err != nil {
		return fail(res, "schema", err)
	}
	res.Schema = resolved

	celContext, err := o.pipeline.BuildCELContext(renderInput)
	if err != nil {
		return fail(res, "parameters", err)
	}
	res.DefaultedParameters = celContext["parameters"]
	collectNumberTypes(res.DefaultedParameters, "", res.ParameterTypes)

	output, err := o.pipeline.Render(renderInput)
	if err != nil {
		return fail(res, "render", err)
	}
	rendered := &renderedOutput{
		Resource:  convertParameterValuesToStrings(output.Resource),
		Resources: []renderedResource{},
	}
	for _, r := range output.Resources {
		rendered.Resources = append(rendered.Resources, renderedResource{ID: r.ID, Resource: r.Resource})
	}
	// The controller sends these objects as JSON: what cannot be encoded
	// (NaN, ±Inf) never reaches the API server.
	if _, err := json.Marshal(rendered); err != nil {
		return fail(res, "serialize", fmt.Errorf("rendered objects cannot be sent as JSON: %w", err))
	}
	res.Rendered = rendered
	collectNumberTypes(rendered.Resource, "/resource", res.RenderedTypes)
	for i, r := range rendered.Resources {
		collectNumberTypes(r.Resource, fmt.Sprintf("/resources/%d/resource", i), res.RenderedTypes)
	}
	return res
}

// decodeWorkflow decodes a Workflow or ClusterWorkflow and returns the unified
// Workflow the controller renders (controller.WorkflowResult.GetWorkflowSpec).
func decodeWorkflow(raw json.RawMessage) (*v1alpha1.Workflow, error) {
	var head struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("workflow: %w", err)
	}
	var wr controller.WorkflowResult
	switch head.Kind {
	case "Workflow":
		wr.Workflow = &v1alpha1.Workflow{}
		if err := json.Unmarshal(raw, wr.Workflow); err != nil {
			return nil, fmt.Errorf("workflow: %w", err)
		}
	case "ClusterWorkflow":
		wr.ClusterWorkflow = &v1alpha1.ClusterWorkflow{}
		if err := json.Unmarshal(raw, wr.ClusterWorkflow); err != nil {
			return nil, fmt.Errorf("workflow: %w", err)
		}
	default:
		return nil, fmt.Errorf("workflow.kind must be Workflow or ClusterWorkflow, got %q", head.Kind)
	}
	return &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: wr.GetName(), Namespace: wr.GetNamespace()},
		Spec:       wr.GetWorkflowSpec(),
	}, nil
}

func rawOrNil(raw json.RawMessage) *runtime.RawExtension {
	trimmed := strings.TrimSpace(string(raw))
	if trimmed == "" || trimmed == "null" {
		return nil
	}
	return &runtime.RawExtension{Raw: []byte(trimmed)}
}

func fail(res result, stage string, err error) result {
	res.Error = ptr(err.Error())
	res.ErrorStage = ptr(stage)
	return res
}
