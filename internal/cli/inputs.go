package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/kubectl-batch/kubectl-batch/internal/helmchart"
	"github.com/kubectl-batch/kubectl-batch/internal/kustomize"
	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
	"github.com/kubectl-batch/kubectl-batch/internal/report"
	"github.com/kubectl-batch/kubectl-batch/internal/sourcemap"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// input is one file (read when it is linted, so that a large tree is never in memory at once)
// or stdin's bytes, named "-".
type input struct {
	name string
	path string // the file to read; "" when data holds stdin's bytes
	data []byte
	// explicit: named on the command line (or stdin), not found in a directory; such a file
	// without any Kubernetes object is worth a warning.
	explicit bool
	// rendered: data was rendered from name (by kustomize or Helm), so its lines are not the
	// file's; locate, when set, finds the object's fields in the file (else no lines).
	rendered bool
	locate   sourcemap.Locator
}

// place gives an object decoded from a rendered input the lines of the file it was rendered
// from, or none when that file does not show it (the rendered lines are not the file's).
func (in input) place(obj *lint.Object) {
	if !in.rendered {
		return
	}
	obj.Positions, obj.Source.Line = nil, 0
	if in.locate != nil {
		obj.Positions, obj.Source.Line = in.locate(obj)
	}
}

// helmInputs renders the chart in dir, one input per template, named after the template file
// below dir.
func helmInputs(dir string, o helmchart.Options) ([]input, []report.InputError) {
	tmpls, err := helmchart.Render(dir, o)
	if err != nil {
		return nil, []report.InputError{{File: dir, Message: err.Error()}}
	}
	inputs := make([]input, 0, len(tmpls))
	for _, t := range tmpls {
		name := filepath.Join(dir, t.Path)
		if _, below, ok := strings.Cut(filepath.ToSlash(t.Path), "/"); ok {
			name = filepath.Join(dir, below) // the path starts with the chart's name, not its directory's
		}
		inputs = append(inputs, input{name: name, data: t.Content, rendered: true, locate: sourcemap.Template(name)})
	}
	return inputs, nil
}

// kustomizeInputs renders the kustomization in dir, one input per object, named after the file
// the object came from (relative to the working directory, like dir), or after the
// kustomization when kustomize does not know.
func kustomizeInputs(dir string) ([]input, []report.InputError) {
	objs, err := kustomize.Render(dir)
	if err != nil {
		return nil, []report.InputError{{File: dir, Message: err.Error()}}
	}
	inputs := make([]input, 0, len(objs))
	for _, o := range objs {
		in := input{name: filepath.Join(dir, "kustomization.yaml"), data: o.YAML, rendered: true}
		switch {
		case o.Origin == "":
		case filepath.IsLocal(o.Origin) || strings.HasPrefix(o.Origin, ".."):
			in.name = filepath.Join(dir, o.Origin)
			in.locate = sourcemap.Manifest(in.name)
		default:
			in.name = o.Origin // a remote base
		}
		inputs = append(inputs, in)
	}
	return inputs, nil
}

// maxInputSize bounds what one file may hold, so a stray binary does not exhaust memory.
const maxInputSize = 64 << 20

// manifestExtensions are the file endings read from directories (named files are always read).
var manifestExtensions = map[string]bool{".yaml": true, ".yml": true, ".json": true}

// read returns the input's bytes, reading its file now; a file that cannot be read is an input
// error.
func (in input) read() ([]byte, *report.InputError) {
	if in.path == "" {
		return in.data, nil
	}
	f, err := os.Open(in.path)
	if err != nil {
		return nil, &report.InputError{File: in.name, Message: describeOpenError(err)}
	}
	defer f.Close()
	return readLimited(in.name, f)
}

// open returns the input's content to stream: its file, opened now, or stdin's bytes. A file
// that cannot be opened, or is larger than maxInputSize, is an input error.
func (in input) open() (io.ReadCloser, *report.InputError) {
	if in.path == "" {
		return io.NopCloser(bytes.NewReader(in.data)), nil
	}
	f, err := os.Open(in.path)
	if err != nil {
		return nil, &report.InputError{File: in.name, Message: describeOpenError(err)}
	}
	if st, err := f.Stat(); err == nil && st.Size() > maxInputSize {
		f.Close()
		return nil, &report.InputError{File: in.name, Message: fmt.Sprintf("larger than %d MiB; not read", maxInputSize>>20)}
	}
	return f, nil
}

// readLimited reads r up to maxInputSize.
func readLimited(name string, r io.Reader) ([]byte, *report.InputError) {
	data, err := io.ReadAll(io.LimitReader(r, maxInputSize+1))
	switch {
	case err != nil:
		return nil, &report.InputError{File: name, Message: fmt.Sprintf("reading: %v", err)}
	case len(data) > maxInputSize:
		return nil, &report.InputError{File: name, Message: fmt.Sprintf("larger than %d MiB; not read", maxInputSize>>20)}
	}
	return data, nil
}

// collectInputs expands -f arguments into inputs: files as given, directories' manifest files
// (recursively with -R, in lexical order), "-" as stdin (read now). Paths that do not exist or
// cannot be listed become input errors; files are read later (input.read).
func collectInputs(args []string, recursive bool, stdin io.Reader) ([]input, []report.InputError) {
	return selectInputs(args, inputSelection{recursive: recursive}, stdin)
}

// inputSelection says which files of the -f directories are read.
type inputSelection struct {
	recursive bool
	// exclude are --exclude globs (see excluded); they apply to what is found in directories,
	// never to files named explicitly.
	exclude []string
}

// selectInputs is collectInputs with --exclude.
func selectInputs(args []string, sel inputSelection, stdin io.Reader) ([]input, []report.InputError) {
	var (
		inputs []input
		errs   []report.InputError
	)
	for _, arg := range args {
		if arg == "-" {
			data, ierr := readLimited("-", stdin)
			if ierr != nil {
				errs = append(errs, *ierr)
			} else {
				inputs = append(inputs, input{name: "-", data: data, explicit: true})
			}
			continue
		}
		st, err := os.Stat(arg)
		if err != nil {
			errs = append(errs, report.InputError{File: arg, Message: describeOpenError(err)})
			continue
		}
		if !st.IsDir() {
			inputs = append(inputs, input{name: arg, path: arg, explicit: true})
			continue
		}
		var files []string
		excludedFiles := 0
		walkErr := filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, report.InputError{File: p, Message: describeOpenError(err)})
				return nil
			}
			if p != arg {
				if rel, err := filepath.Rel(arg, p); err == nil && excluded(sel.exclude, filepath.ToSlash(rel)) {
					if d.IsDir() {
						return filepath.SkipDir
					}
					if manifestExtensions[strings.ToLower(filepath.Ext(p))] {
						excludedFiles++
					}
					return nil
				}
			}
			if d.IsDir() {
				if p != arg && !sel.recursive {
					return filepath.SkipDir
				}
				return nil
			}
			if manifestExtensions[strings.ToLower(filepath.Ext(p))] {
				files = append(files, p)
			}
			return nil
		})
		if walkErr != nil {
			errs = append(errs, report.InputError{File: arg, Message: walkErr.Error()})
		}
		sort.Strings(files)
		if len(files) == 0 {
			msg := "no .yaml, .yml or .json files in this directory"
			switch {
			case excludedFiles > 0:
				msg = fmt.Sprintf("no .yaml, .yml or .json files in this directory that --exclude leaves (%d excluded)", excludedFiles)
			case !sel.recursive:
				msg += " (use -R to descend into subdirectories)"
			}
			errs = append(errs, report.InputError{File: arg, Message: msg})
		}
		for _, f := range files {
			inputs = append(inputs, input{name: f, path: f})
		}
	}
	return inputs, errs
}

// excluded reports whether the slash path rel (relative to a -f directory) matches one of the
// --exclude globs, as a whole or by its base name. In a glob, "*", "?" and "[...]" match within
// one path segment (path.Match) and a "**" segment matches any number of segments; a leading
// "./" and a trailing "/" are ignored.
func excluded(globs []string, rel string) bool {
	base := rel[strings.LastIndexByte(rel, '/')+1:]
	for _, g := range globs {
		g = strings.TrimSuffix(strings.TrimPrefix(g, "./"), "/")
		if matchGlob(g, rel) || matchGlob(g, base) {
			return true
		}
	}
	return false
}

// matchGlob matches a slash path against a glob whose "**" segments match any number of path
// segments. Malformed globs match nothing (validateExcludes rejects them up front).
func matchGlob(glob, name string) bool {
	return matchSegments(strings.Split(glob, "/"), strings.Split(name, "/"))
}

func matchSegments(glob, name []string) bool {
	for len(glob) > 0 {
		if glob[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegments(glob[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(glob[0], name[0]); err != nil || !ok {
			return false
		}
		glob, name = glob[1:], name[1:]
	}
	return len(name) == 0
}

// validateExcludes rejects --exclude globs path.Match cannot read.
func validateExcludes(globs []string) error {
	for _, g := range globs {
		if strings.TrimSpace(g) == "" {
			return usageError("--exclude needs a glob, got an empty one")
		}
		for _, seg := range strings.Split(g, "/") {
			if _, err := path.Match(seg, ""); err != nil {
				return usageError("--exclude %q: %v", g, err)
			}
		}
	}
	return nil
}

// validateStdinOnce rejects more than one "-f -": standard input can be read only once.
func validateStdinOnce(filenames []string) error {
	stdin := 0
	for _, f := range filenames {
		if f == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usageError("-f - (stdin) may be given only once")
	}
	return nil
}

func describeOpenError(err error) string {
	switch {
	case os.IsNotExist(err):
		return "no such file or directory"
	case os.IsPermission(err):
		return "permission denied"
	}
	return err.Error()
}

// lintedInputs is what linting the inputs produced.
type lintedInputs struct {
	result report.Result
	// objects are the decoded objects, kept only when asked for (--against-cluster).
	objects []*lint.Object
	// warnings are for stderr: named files without any Kubernetes object, ignore annotations
	// naming rules that do not exist.
	warnings []string
}

// lintInputs is lintAll for callers that do not print its warnings.
func lintInputs(ctx context.Context, engine *lint.Engine, inputs []input, keep bool) (report.Result, []*lint.Object) {
	l := lintAll(ctx, engine, inputs, keep)
	return l.result, l.objects
}

// lintAll decodes and checks every input, spreading files over the available cores. The
// result keeps the inputs' order. Objects are checked as they are decoded and then dropped, so
// memory stays flat however large the input; with keep they are returned too
// (--against-cluster needs them).
func lintAll(ctx context.Context, engine *lint.Engine, inputs []input, keep bool) lintedInputs {
	type fileResult struct {
		objects              []*lint.Object
		findings             []lint.Finding
		errs                 []report.InputError
		nonManifestDocuments []report.SkippedDocument
		warnings             []string
		resources            int
		skipped              int
	}
	results := make([]fileResult, len(inputs))
	work := make(chan int)
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), max(len(inputs), 1))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				in := inputs[i]
				r := &results[i]
				content, ierr := in.open()
				if ierr != nil {
					r.errs = append(r.errs, *ierr)
					continue
				}
				dec, err := manifest.StreamReader(in.name, content, func(obj *lint.Object) {
					in.place(obj)
					r.resources++
					r.findings = append(r.findings, checkObject(ctx, engine, obj)...)
					r.warnings = append(r.warnings, suppressionWarnings(engine, obj)...)
					if keep {
						r.objects = append(r.objects, obj)
					}
				})
				content.Close()
				if err != nil {
					r.errs = append(r.errs, report.InputError{File: in.name, Message: err.Error()})
				}
				r.skipped = dec.Skipped
				for _, d := range dec.NonManifestDocuments {
					r.nonManifestDocuments = append(r.nonManifestDocuments, report.SkippedDocument{File: d.File, Document: d.Document, Line: d.Line})
				}
				for _, e := range dec.Errors {
					line := e.Line
					if in.rendered {
						line = 0
					}
					r.errs = append(r.errs, report.InputError{File: e.File, Line: line, Message: describeInputError(e)})
				}
				if in.explicit && r.resources == 0 && r.skipped == 0 && len(r.errs) == 0 {
					r.warnings = append(r.warnings, noObjectWarning(in.name, len(dec.NonManifestDocuments)))
				}
			}
		}()
	}
	for i := range inputs {
		work <- i
	}
	close(work)
	wg.Wait()
	l := lintedInputs{result: report.Result{Files: len(inputs)}}
	for _, r := range results {
		l.objects = append(l.objects, r.objects...)
		l.warnings = append(l.warnings, r.warnings...)
		l.result.Findings = append(l.result.Findings, r.findings...)
		l.result.Errors = append(l.result.Errors, r.errs...)
		l.result.NonManifestDocuments = append(l.result.NonManifestDocuments, r.nonManifestDocuments...)
		l.result.Resources += r.resources
		l.result.Skipped += r.skipped
	}
	return l
}

// checkObject is the engine's findings for obj plus those its ignore annotation hides from
// server-class rules: lint must not pass an object kube-apiserver rejects.
func checkObject(ctx context.Context, engine *lint.Engine, obj *lint.Object) []lint.Finding {
	fs := engine.Check(ctx, obj)
	if hidden := engine.SuppressedServerFindings(ctx, nil, obj); len(hidden) > 0 {
		fs = append(fs, hidden...)
		lint.SortFindings(fs)
	}
	return fs
}

// suppressionWarnings names the rule IDs obj's ignore annotation lists that are not rules.
func suppressionWarnings(engine *lint.Engine, obj *lint.Object) []string {
	unknown := engine.UnknownSuppressions(obj)
	if len(unknown) == 0 {
		return nil
	}
	where := obj.Source.File
	if where == "-" || where == "" {
		where = "<stdin>"
	}
	if line := obj.LineOf("metadata.annotations"); line > 0 {
		where += ":" + strconv.Itoa(line)
	}
	out := make([]string, 0, len(unknown))
	for _, u := range unknown {
		hint := "see kubectl batch lint --list-rules"
		if u.Closest != "" {
			hint = fmt.Sprintf("did you mean %q?", u.Closest)
		}
		out = append(out, fmt.Sprintf("%s: %s: annotation %s names %q, which is not a rule, so it suppresses nothing (%s)",
			where, obj.Ref(), lint.IgnoreAnnotation, u.ID, hint))
	}
	return out
}

// noObjectWarning says that a file named explicitly holds no Kubernetes object at all.
func noObjectWarning(name string, nonManifests int) string {
	if name == "-" {
		name = "<stdin>"
	}
	if nonManifests == 0 {
		return name + ": no Kubernetes object in this file: it is empty (or only comments)"
	}
	return fmt.Sprintf("%s: no Kubernetes object in this file: %s without apiVersion/kind skipped",
		name, pluralize(nonManifests, "document", "documents"))
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// repositoryRootFinder returns a function that finds the git repository holding an absolute
// directory: the nearest directory upward with a .git entry (a directory, or a file in
// worktrees and submodules), "" outside any. Answers are remembered for the run.
func repositoryRootFinder() func(dir string) string {
	known := map[string]string{}
	var find func(dir string) string
	find = func(dir string) string {
		if root, ok := known[dir]; ok {
			return root
		}
		root := ""
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			root = dir
		} else if parent := filepath.Dir(dir); parent != dir {
			root = find(parent)
		}
		known[dir] = root
		return root
	}
	return find
}

func describeInputError(e *manifest.InputError) string {
	if e.Document > 0 {
		return fmt.Sprintf("document %d: %s", e.Document, e.Message)
	}
	return e.Message
}
