// helm-render: a stand-in for `helm template` on machines without Helm (validate.sh uses it only when the
// helm binary is missing). It renders a chart with Go's text/template and the sprig functions, as Helm does,
// plus Helm's own include, tpl, required, toYaml, fromYaml and toJson; it has no subcharts, no .Files,
// no lookup (nothing to look up) and a fixed .Capabilities. Good enough to catch template and YAML errors
// and to feed a schema check; not a replacement for `helm lint`.
//
//	helm-render <chart-dir> [-f values.yaml]... [--set-string key.path=value]... [--release NAME]
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

func die(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "helm-render: "+format+"\n", args...)
	os.Exit(1)
}

func readYAML(path string) map[string]interface{} {
	data, err := os.ReadFile(path)
	if err != nil {
		die("%v", err)
	}
	out := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &out); err != nil {
		die("%s: %v", path, err)
	}
	return out
}

// merge overlays src onto dst the way Helm merges values files: maps merge, everything else replaces.
func merge(dst, src map[string]interface{}) map[string]interface{} {
	for k, v := range src {
		if sm, ok := v.(map[string]interface{}); ok {
			if dm, ok := dst[k].(map[string]interface{}); ok {
				dst[k] = merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
	return dst
}

func setString(values map[string]interface{}, path, value string) {
	keys := strings.Split(path, ".")
	m := values
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]interface{})
		if !ok {
			next = map[string]interface{}{}
			m[k] = next
		}
		m = next
	}
	m[keys[len(keys)-1]] = value
}

func toYAML(v interface{}) string {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func main() {
	if len(os.Args) < 2 {
		die("usage: helm-render <chart-dir> [-f values.yaml]... [--set-string k=v]... [--release NAME]")
	}
	chartDir := os.Args[1]
	chart := readYAML(filepath.Join(chartDir, "Chart.yaml"))
	values := readYAML(filepath.Join(chartDir, "values.yaml"))
	release := "release"
	for i := 2; i < len(os.Args); i++ {
		switch os.Args[i] {
		case "-f":
			i++
			values = merge(values, readYAML(os.Args[i]))
		case "--set-string":
			i++
			kv := strings.SplitN(os.Args[i], "=", 2)
			if len(kv) != 2 {
				die("--set-string wants key=value")
			}
			setString(values, kv[0], kv[1])
		case "--release":
			i++
			release = os.Args[i]
		default:
			die("unknown argument %q", os.Args[i])
		}
	}
	name, _ := chart["name"].(string)
	chartValues := map[string]interface{}{
		"Name": name, "Version": fmt.Sprint(chart["version"]), "AppVersion": fmt.Sprint(chart["appVersion"]),
		"Description": chart["description"], "Type": chart["type"],
	}

	root := template.New("chart")
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = toYAML
	funcs["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		_ = yaml.Unmarshal([]byte(s), &m)
		return m
	}
	funcs["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil || v == "" {
			return v, fmt.Errorf("%s", msg)
		}
		return v, nil
	}
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		err := root.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = t.Execute(&buf, data)
		return buf.String(), err
	}
	funcs["lookup"] = func(...interface{}) map[string]interface{} { return map[string]interface{}{} }
	root.Funcs(funcs).Option("missingkey=zero")

	templatesDir := filepath.Join(chartDir, "templates")
	var files []string
	err := filepath.Walk(templatesDir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		die("%v", err)
	}
	sort.Strings(files)
	for _, f := range files {
		rel, _ := filepath.Rel(chartDir, f)
		text, err := os.ReadFile(f)
		if err != nil {
			die("%v", err)
		}
		if _, err := root.New(name + "/" + filepath.ToSlash(rel)).Parse(string(text)); err != nil {
			die("parse %s: %v", rel, err)
		}
	}

	failed := false
	for _, f := range files {
		rel, _ := filepath.Rel(chartDir, f)
		base := filepath.Base(f)
		if strings.HasPrefix(base, "_") {
			continue
		}
		tname := name + "/" + filepath.ToSlash(rel)
		data := map[string]interface{}{
			"Values": values,
			"Chart":  chartValues,
			"Release": map[string]interface{}{
				"Name": release, "Namespace": "default", "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1,
			},
			"Capabilities": map[string]interface{}{"KubeVersion": map[string]interface{}{"Version": "v1.30.0", "Major": "1", "Minor": "30"}},
			"Template":     map[string]interface{}{"Name": tname, "BasePath": name + "/templates"},
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, tname, data); err != nil {
			fmt.Fprintf(os.Stderr, "Error: %v\n", err)
			failed = true
			continue
		}
		out := strings.ReplaceAll(buf.String(), "<no value>", "")
		if strings.TrimSpace(out) == "" {
			continue
		}
		if base == "NOTES.txt" {
			fmt.Fprintf(os.Stderr, "--- NOTES.txt\n%s\n", out)
			continue
		}
		fmt.Printf("---\n# Source: %s\n%s\n", tname, strings.TrimLeft(out, "\n"))
	}
	if failed {
		os.Exit(1)
	}
}
