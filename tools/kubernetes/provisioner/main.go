// Command provisioner: the test control plane's volume provisioner. kwok runs no kubelet and no
// CSI driver, so nothing would ever create a PersistentVolume. This program watches
// PersistentVolumeClaims of its StorageClass and, once the scheduler has chosen a node for a
// claim (WaitForFirstConsumer: the volume.kubernetes.io/selected-node annotation), creates a
// PersistentVolume bound to that claim (claimRef) and pinned to that node (nodeAffinity on
// kubernetes.io/hostname), with the claim's size and access modes. kube-controller-manager's
// PV controller then binds them, and the pod is bound to the node. When a claim is deleted its
// Released volume is deleted (reclaim policy Delete). No data path exists: the volume is a
// hostPath that no kubelet ever mounts.
//
// Usage: provisioner --kubeconfig FILE --name PROVISIONER_NAME
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/workqueue"
)

const (
	selectedNode   = "volume.kubernetes.io/selected-node"
	provisionerAnn = "volume.kubernetes.io/storage-provisioner"
	betaProvAnn    = "volume.beta.kubernetes.io/storage-provisioner"
	provisionedBy  = "pv.kubernetes.io/provisioned-by"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the control plane")
	name := flag.String("name", "cdk8s-compose.test/provisioner", "provisioner name (the StorageClass's provisioner)")
	flag.Parse()
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatalf("kubeconfig: %v", err)
	}
	cfg.QPS, cfg.Burst = 50, 100
	client := kubernetes.NewForConfigOrDie(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	factory := informers.NewSharedInformerFactory(client, 30*time.Second)
	claims := factory.Core().V1().PersistentVolumeClaims()
	volumes := factory.Core().V1().PersistentVolumes()
	queue := workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]())
	enqueue := func(prefix string) func(obj interface{}) {
		return func(obj interface{}) {
			if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
				queue.Add(prefix + key)
			}
		}
	}
	handlers := func(prefix string) cache.ResourceEventHandlerFuncs {
		return cache.ResourceEventHandlerFuncs{AddFunc: enqueue(prefix), UpdateFunc: func(_, o interface{}) { enqueue(prefix)(o) }, DeleteFunc: enqueue(prefix)}
	}
	if _, err := claims.Informer().AddEventHandler(handlers("pvc/")); err != nil {
		log.Fatal(err)
	}
	if _, err := volumes.Informer().AddEventHandler(handlers("pv/")); err != nil {
		log.Fatal(err)
	}
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	log.Printf("provisioner %s: watching claims", *name)

	p := &provisioner{name: *name, client: client}
	go func() {
		<-ctx.Done()
		queue.ShutDown()
	}()
	for {
		item, shutdown := queue.Get()
		if shutdown {
			return
		}
		var err error
		switch {
		case len(item) > 4 && item[:4] == "pvc/":
			ns, n, _ := cache.SplitMetaNamespaceKey(item[4:])
			var pvc *corev1.PersistentVolumeClaim
			if pvc, err = claims.Lister().PersistentVolumeClaims(ns).Get(n); err == nil {
				err = p.provision(ctx, pvc)
			} else if apierrors.IsNotFound(err) {
				err = nil
			}
		case len(item) > 3 && item[:3] == "pv/":
			var pv *corev1.PersistentVolume
			if pv, err = volumes.Lister().Get(item[3:]); err == nil {
				err = p.reclaim(ctx, pv)
			} else if apierrors.IsNotFound(err) {
				err = nil
			}
		}
		if err != nil {
			log.Printf("%s: %v (retrying)", item, err)
			queue.AddRateLimited(item)
		} else {
			queue.Forget(item)
		}
		queue.Done(item)
	}
}

type provisioner struct {
	name   string
	client kubernetes.Interface
}

// provision creates the volume of a pending claim of ours whose node the scheduler has chosen.
func (p *provisioner) provision(ctx context.Context, pvc *corev1.PersistentVolumeClaim) error {
	if pvc.Spec.VolumeName != "" || pvc.DeletionTimestamp != nil {
		return nil
	}
	if pvc.Annotations[provisionerAnn] != p.name && pvc.Annotations[betaProvAnn] != p.name {
		return nil // not ours, or the PV controller has not handed it to a provisioner yet
	}
	node := pvc.Annotations[selectedNode]
	if node == "" {
		return nil // WaitForFirstConsumer: no pod scheduled yet
	}
	size, ok := pvc.Spec.Resources.Requests[corev1.ResourceStorage]
	if !ok {
		return fmt.Errorf("claim %s/%s requests no storage", pvc.Namespace, pvc.Name)
	}
	class := ""
	if pvc.Spec.StorageClassName != nil {
		class = *pvc.Spec.StorageClassName
	}
	mode := corev1.PersistentVolumeFilesystem
	if pvc.Spec.VolumeMode != nil {
		mode = *pvc.Spec.VolumeMode
	}
	pv := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{
			Name:        "pvc-" + string(pvc.UID),
			Annotations: map[string]string{provisionedBy: p.name},
		},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: size},
			AccessModes:                   pvc.Spec.AccessModes,
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimDelete,
			StorageClassName:              class,
			VolumeMode:                    &mode,
			ClaimRef: &corev1.ObjectReference{
				Kind: "PersistentVolumeClaim", APIVersion: "v1",
				Namespace: pvc.Namespace, Name: pvc.Name, UID: pvc.UID, ResourceVersion: pvc.ResourceVersion,
			},
			PersistentVolumeSource: corev1.PersistentVolumeSource{
				HostPath: &corev1.HostPathVolumeSource{Path: "/var/lib/cdk8s-compose-test/" + string(pvc.UID)},
			},
			NodeAffinity: &corev1.VolumeNodeAffinity{Required: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
				MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "kubernetes.io/hostname", Operator: corev1.NodeSelectorOpIn, Values: []string{node}}},
			}}}},
		},
	}
	_, err := p.client.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	if err == nil {
		log.Printf("claim %s/%s: volume %s on node %s (%s)", pvc.Namespace, pvc.Name, pv.Name, node, size.String())
	}
	return err
}

// reclaim deletes a volume of ours whose claim is gone.
func (p *provisioner) reclaim(ctx context.Context, pv *corev1.PersistentVolume) error {
	if pv.Annotations[provisionedBy] != p.name || pv.Status.Phase != corev1.VolumeReleased || pv.DeletionTimestamp != nil {
		return nil
	}
	err := p.client.CoreV1().PersistentVolumes().Delete(ctx, pv.Name, metav1.DeleteOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

func init() {
	log.SetOutput(os.Stderr)
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
}
