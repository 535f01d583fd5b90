package cli

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/kubectl-batch/kubectl-batch/internal/manifest"
	"github.com/kubectl-batch/kubectl-batch/internal/report"
	"github.com/kubectl-batch/kubectl-batch/lint"
)

// input is one file (read when it is linted, so that a large tree is never in memory at once)
// or stdin's bytes, named "-".
type input struct {
	name string
	path string // the file to read; "" when data holds stdin's bytes
	data []byte
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
				inputs = append(inputs, input{name: "-", data: data})
			}
			continue
		}
		st, err := os.Stat(arg)
		if err != nil {
			errs = append(errs, report.InputError{File: arg, Message: describeOpenError(err)})
			continue
		}
		if !st.IsDir() {
			inputs = append(inputs, input{name: arg, path: arg})
			continue
		}
		var files []string
		walkErr := filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, report.InputError{File: path, Message: describeOpenError(err)})
				return nil
			}
			if d.IsDir() {
				if path != arg && !recursive {
					return filepath.SkipDir
				}
				return nil
			}
			if manifestExtensions[strings.ToLower(filepath.Ext(path))] {
				files = append(files, path)
			}
			return nil
		})
		if walkErr != nil {
			errs = append(errs, report.InputError{File: arg, Message: walkErr.Error()})
		}
		sort.Strings(files)
		if len(files) == 0 {
			errs = append(errs, report.InputError{File: arg, Message: "no .yaml, .yml or .json files in this directory" + map[bool]string{false: " (use -R to descend into subdirectories)", true: ""}[recursive]})
		}
		for _, f := range files {
			inputs = append(inputs, input{name: f, path: f})
		}
	}
	return inputs, errs
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

// lintInputs decodes and checks every input, spreading files over the available cores. The
// result keeps the inputs' order. Objects are checked as they are decoded and then dropped, so
// memory stays flat however large the input; with keep they are returned too
// (--against-cluster needs them).
func lintInputs(ctx context.Context, engine *lint.Engine, inputs []input, keep bool) (report.Result, []*lint.Object) {
	type fileResult struct {
		objects   []*lint.Object
		findings  []lint.Finding
		errs      []report.InputError
		resources int
		skipped   int
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
				data, ierr := in.read()
				if ierr != nil {
					r.errs = append(r.errs, *ierr)
					continue
				}
				skipped, errs := manifest.Stream(in.name, data, func(obj *lint.Object) {
					r.resources++
					r.findings = append(r.findings, engine.Check(ctx, obj)...)
					if keep {
						r.objects = append(r.objects, obj)
					}
				})
				r.skipped = skipped
				for _, e := range errs {
					r.errs = append(r.errs, report.InputError{File: e.File, Line: e.Line, Message: describeInputError(e)})
				}
			}
		}()
	}
	for i := range inputs {
		work <- i
	}
	close(work)
	wg.Wait()
	res := report.Result{Files: len(inputs)}
	var objects []*lint.Object
	for _, r := range results {
		objects = append(objects, r.objects...)
		res.Findings = append(res.Findings, r.findings...)
		res.Errors = append(res.Errors, r.errs...)
		res.Resources += r.resources
		res.Skipped += r.skipped
	}
	return res, objects
}

func describeInputError(e *manifest.InputError) string {
	if e.Document > 0 {
		return fmt.Sprintf("document %d: %s", e.Document, e.Message)
	}
	return e.Message
}
