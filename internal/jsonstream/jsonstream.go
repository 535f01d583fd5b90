// Package jsonstream writes large JSON documents without holding them: an array's items are
// encoded one at a time into the bytes of the document around it.
package jsonstream

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// WriteArray writes skeleton, an indented JSON document (two spaces a level, HTML not
// escaped) whose array under key is empty ("" for a document that is that array: "[]\n"), with
// the array's n items filled in: each made by
// item and encoded on its own, so the document is never held whole. The output is what
// encoding the document with the items in place would give.
func WriteArray(w io.Writer, skeleton []byte, key string, n int, item func(i int) any) error {
	marker := []byte(`"` + key + `": []`)
	if key == "" {
		marker = []byte("[]")
	}
	at := bytes.Index(skeleton, marker)
	if at < 0 {
		return fmt.Errorf("jsonstream: no empty %q array to fill", key)
	}
	lineStart := bytes.LastIndexByte(skeleton[:at], '\n') + 1
	indent := string(skeleton[lineStart:at])
	bw := bufio.NewWriter(w)
	if n == 0 {
		bw.Write(skeleton)
		return bw.Flush()
	}
	bw.Write(skeleton[:at+len(marker)-1]) // up to and including "["
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(indent+"  ", "  ")
	for i := range n {
		buf.Reset()
		if err := enc.Encode(item(i)); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n" + indent + "  ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n" + indent + "]")
	bw.Write(skeleton[at+len(marker):])
	return bw.Flush()
}
