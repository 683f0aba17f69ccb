package acceptance

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"tmproto/tfplugin6"
)

func TestConcurrentRPCs(t *testing.T) {
	const n = 200
	m := startManaged(t)
	p := m.provider
	schema := getSchema(t, p)
	block := versionSchema(t, schema)
	ty, _ := impliedType(block)
	config := encode(t, nullConfig(block))
	unknown := encode(t, unknownConfig(block))

	if _, err := p.ConfigureProvider(rpcContext(t), &tfplugin6.ConfigureProvider_Request{
		TerraformVersion: "1.15.0",
		Config:           encode(t, nullConfig(schema.Provider.Block)),
	}); err != nil {
		t.Fatalf("ConfigureProvider: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	start := make(chan struct{})
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			errs <- func() error {
				switch i % 3 {
				case 0:
					resp, err := p.GetProviderSchema(ctx, &tfplugin6.GetProviderSchema_Request{})
					if err != nil {
						return fmt.Errorf("GetProviderSchema #%d: %v", i, err)
					}
					if _, ok := resp.DataSourceSchemas[versionDataSource]; !ok {
						return fmt.Errorf("GetProviderSchema #%d: %s missing", i, versionDataSource)
					}
				case 1:
					cfg := config
					if i%2 == 0 {
						cfg = unknown
					}
					resp, err := p.ValidateDataResourceConfig(ctx, &tfplugin6.ValidateDataResourceConfig_Request{
						TypeName: versionDataSource, Config: cfg,
					})
					if err != nil {
						return fmt.Errorf("ValidateDataResourceConfig #%d: %v", i, err)
					}
					if e := errorDiagnostics(resp.Diagnostics); len(e) > 0 {
						return fmt.Errorf("ValidateDataResourceConfig #%d: %v", i, e)
					}
				case 2:
					resp, err := p.ReadDataSource(ctx, &tfplugin6.ReadDataSource_Request{
						TypeName: versionDataSource, Config: config,
					})
					if err != nil {
						return fmt.Errorf("ReadDataSource #%d: %v", i, err)
					}
					if e := errorDiagnostics(resp.Diagnostics); len(e) > 0 {
						return fmt.Errorf("ReadDataSource #%d: %v", i, e)
					}
					if resp.State == nil {
						return fmt.Errorf("ReadDataSource #%d: no state", i)
					}
					v, err := ctyUnmarshal(resp.State.Msgpack, ty)
					if err != nil {
						return fmt.Errorf("ReadDataSource #%d: %v", i, err)
					}
					if !v.IsWhollyKnown() || v.IsNull() || v.GetAttr("version").IsNull() {
						return fmt.Errorf("ReadDataSource #%d: bad state %#v", i, v)
					}
				}
				return nil
			}()
		}(i)
	}
	began := time.Now()
	close(start)
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			failed++
			if failed <= 10 {
				t.Error(err)
			}
		}
	}
	if failed > 0 {
		t.Fatalf("%d of %d concurrent RPCs failed", failed, n)
	}
	t.Logf("%d concurrent RPCs in %v", n, time.Since(began))
	getSchema(t, p)
}
