package jobs

import (
	"fmt"
	"slices"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// DefaultContainerAnnotation names the container kubectl picks when a pod has several.
const DefaultContainerAnnotation = "kubectl.kubernetes.io/default-container"

// Overrides are the changes trigger and rerun make to the Job they create: the same Job as
// without them plus exactly these.
type Overrides struct {
	// Env sets variables (NAME=VALUE) in every regular container: an existing variable of that
	// name is replaced in place, a new one appended.
	Env []string
	// Images are IMAGE (the target container) or CONTAINER=IMAGE.
	Images []string
	// Container is the container Command and Images without a name apply to; empty: the only
	// container, else the one the default-container annotation names.
	Container string
	// Command, when set, replaces the target container's command and clears its args; with
	// AsArgs it replaces the args and keeps the command (the image's entrypoint).
	Command []string
	AsArgs  bool
	// Labels and Annotations (KEY=VALUE) are set on the Job's own metadata.
	Labels      []string
	Annotations []string
}

// Empty reports whether o changes nothing.
func (o Overrides) Empty() bool {
	return len(o.Env) == 0 && len(o.Images) == 0 && len(o.Command) == 0 && len(o.Labels) == 0 && len(o.Annotations) == 0
}

// Validate checks the syntax of every override without a Job: names, keys and values as the
// API server would judge them. Errors name the flag.
func (o Overrides) Validate() error {
	for _, e := range o.Env {
		name, _, ok := strings.Cut(e, "=")
		if !ok {
			return fmt.Errorf("--env %q: want NAME=VALUE", e)
		}
		if msgs := validation.IsEnvVarName(name); len(msgs) > 0 {
			return fmt.Errorf("--env %q: %q is not a valid variable name: %s", e, name, msgs[0])
		}
	}
	for _, img := range o.Images {
		c, image, named := strings.Cut(img, "=")
		if !named {
			image = c
		}
		if strings.TrimSpace(image) == "" || strings.ContainsAny(image, " \t\n") {
			return fmt.Errorf("--image %q: want IMAGE or CONTAINER=IMAGE", img)
		}
	}
	if o.AsArgs && len(o.Command) == 0 {
		return fmt.Errorf("--args needs the arguments after --, e.g. -- --date=2026-01-01")
	}
	for _, l := range o.Labels {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			return fmt.Errorf("--set-label %q: want KEY=VALUE", l)
		}
		if msgs := validation.IsQualifiedName(k); len(msgs) > 0 {
			return fmt.Errorf("--set-label %q: invalid key %q: %s", l, k, msgs[0])
		}
		if msgs := validation.IsValidLabelValue(v); len(msgs) > 0 {
			return fmt.Errorf("--set-label %q: invalid value %q: %s", l, v, msgs[0])
		}
	}
	for _, a := range o.Annotations {
		k, _, ok := strings.Cut(a, "=")
		if !ok {
			return fmt.Errorf("--annotation %q: want KEY=VALUE", a)
		}
		if msgs := validation.IsQualifiedName(strings.ToLower(k)); len(msgs) > 0 {
			return fmt.Errorf("--annotation %q: invalid key %q: %s", a, k, msgs[0])
		}
	}
	return nil
}

// Apply makes the overrides on job (changing it in place). It fails, naming the containers
// there are, when a container is unknown or when a change without a container name finds
// several containers and no default.
func (o Overrides) Apply(job *batchv1.Job) error {
	if err := o.Validate(); err != nil {
		return err
	}
	pod := &job.Spec.Template
	containers := pod.Spec.Containers
	names := make([]string, len(containers))
	for i, c := range containers {
		names[i] = c.Name
	}
	find := func(name, flag string) (*corev1.Container, error) {
		if i := slices.Index(names, name); i >= 0 {
			return &containers[i], nil
		}
		return nil, fmt.Errorf("%s: no container %q in the Job's pod template (containers: %s)", flag, name, strings.Join(names, ", "))
	}
	target := func(flag string) (*corev1.Container, error) {
		switch {
		case o.Container != "":
			return find(o.Container, flag)
		case len(containers) == 1:
			return &containers[0], nil
		case pod.Annotations[DefaultContainerAnnotation] != "":
			return find(pod.Annotations[DefaultContainerAnnotation], flag)
		}
		return nil, fmt.Errorf("%s: the pod template has %d containers (%s): say which with --container NAME", flag, len(containers), strings.Join(names, ", "))
	}

	for _, e := range o.Env {
		name, value, _ := strings.Cut(e, "=")
		for i := range containers {
			c := &containers[i]
			if j := slices.IndexFunc(c.Env, func(v corev1.EnvVar) bool { return v.Name == name }); j >= 0 {
				c.Env[j] = corev1.EnvVar{Name: name, Value: value}
			} else {
				c.Env = append(c.Env, corev1.EnvVar{Name: name, Value: value})
			}
		}
	}
	for _, img := range o.Images {
		name, image, named := strings.Cut(img, "=")
		var c *corev1.Container
		var err error
		if named {
			c, err = find(name, "--image "+img)
		} else {
			image = name
			c, err = target("--image " + img)
		}
		if err != nil {
			return err
		}
		c.Image = image
	}
	if len(o.Command) > 0 {
		c, err := target("the command after --")
		if err != nil {
			return err
		}
		if o.AsArgs {
			c.Args = slices.Clone(o.Command)
		} else {
			c.Command, c.Args = slices.Clone(o.Command), nil
		}
	}
	set := func(m *map[string]string, kvs []string) {
		for _, kv := range kvs {
			k, v, _ := strings.Cut(kv, "=")
			if *m == nil {
				*m = map[string]string{}
			}
			(*m)[k] = v
		}
	}
	set(&job.Labels, o.Labels)
	set(&job.Annotations, o.Annotations)
	return nil
}
