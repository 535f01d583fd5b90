package cli

import (
	"github.com/spf13/cobra"

	"github.com/kubectl-batch/kubectl-batch/internal/jobs"
)

// overrideFlags are trigger's and rerun's changes to the Job they create (jobs.Overrides).
type overrideFlags struct {
	jobs.Overrides
}

func (o *overrideFlags) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringArrayVar(&o.Env, "env", nil, "set an environment variable NAME=VALUE in every container (repeatable; replaces a variable of that name)")
	f.StringArrayVar(&o.Images, "image", nil, "IMAGE for the container, or CONTAINER=IMAGE (repeatable)")
	f.StringVarP(&o.Container, "container", "c", "", "the container --image IMAGE and the command after -- apply to (default: the only one, else the kubectl.kubernetes.io/default-container annotation's)")
	f.BoolVar(&o.AsArgs, "args", false, "the words after -- replace the container's args and keep its command (default: they replace the command and clear the args)")
	f.StringArrayVar(&o.Labels, "set-label", nil, "set a label KEY=VALUE on the Job (repeatable)")
	f.StringArrayVar(&o.Annotations, "annotation", nil, "set an annotation KEY=VALUE on the Job (repeatable)")
}

// complete takes the words after -- as the command; it returns the arguments before them.
func (o *overrideFlags) complete(cmd *cobra.Command, args []string) ([]string, error) {
	if dash := cmd.ArgsLenAtDash(); dash >= 0 {
		if dash == len(args) {
			return nil, usageError("nothing after --: give the command to run, e.g. -- sh -c 'date'")
		}
		o.Command = args[dash:]
		args = args[:dash]
	}
	if err := o.Validate(); err != nil {
		return nil, usageError("%v", err)
	}
	return args, nil
}
