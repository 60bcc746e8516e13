package main

import (
	"sort"
	"sync"

	"k8s.io/apiextensions-apiserver/pkg/apihelpers"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apiextensions-apiserver/pkg/apiserver"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/client-go/tools/cache"
)

// syncRootDiscovery keeps the unaggregated /apis document (APIGroupList) in
// step with the groups of Established CRDs. The aggregated form is already
// kept up to date by apiextensions' discovery controller; in a real cluster the
// unaggregated one comes from the kube-aggregator, which isn't here.
func syncRootDiscovery(srv *apiserver.CustomResourceDefinitions) error {
	informer := srv.Informers.Apiextensions().V1().CustomResourceDefinitions()
	manager := srv.GenericAPIServer.DiscoveryGroupManager
	var mu sync.Mutex
	published := map[string]bool{}

	resync := func() {
		mu.Lock()
		defer mu.Unlock()
		crds, err := informer.Lister().List(labels.Everything())
		if err != nil {
			return
		}
		served := map[string]map[string]bool{} // group -> versions
		for _, crd := range crds {
			if !apihelpers.IsCRDConditionTrue(crd, apiextensionsv1.Established) {
				continue
			}
			for _, v := range crd.Spec.Versions {
				if v.Served {
					if served[crd.Spec.Group] == nil {
						served[crd.Spec.Group] = map[string]bool{}
					}
					served[crd.Spec.Group][v.Name] = true
				}
			}
		}
		for group, versionSet := range served {
			names := make([]string, 0, len(versionSet))
			for v := range versionSet {
				names = append(names, v)
			}
			sort.Slice(names, func(i, j int) bool { return version.CompareKubeAwareVersionStrings(names[i], names[j]) > 0 })
			gvs := make([]metav1.GroupVersionForDiscovery, 0, len(names))
			for _, v := range names {
				gvs = append(gvs, metav1.GroupVersionForDiscovery{GroupVersion: group + "/" + v, Version: v})
			}
			manager.AddGroup(metav1.APIGroup{Name: group, Versions: gvs, PreferredVersion: gvs[0]})
		}
		for group := range published {
			if served[group] == nil {
				manager.RemoveGroup(group)
			}
		}
		published = map[string]bool{}
		for group := range served {
			published[group] = true
		}
	}

	_, err := informer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { resync() },
		UpdateFunc: func(any, any) { resync() },
		DeleteFunc: func(any) { resync() },
	})
	return err
}
