// SPDX-License-Identifier: GPL-2.0-only
/*
 * Costs of the kernel paths the series touches, seen from VFIO userspace:
 * type1 container attach (VFIO_SET_IOMMU on a fresh container), iommufd
 * attach (VFIO_DEVICE_ATTACH_IOMMUFD_PT of the device's cdev to an IOAS,
 * which allocates a page table each time, then detach) and edu MSI round
 * trips (raise through BAR0, wait on the eventfd, acknowledge). Uses only
 * v6.12 uapi, so the same binary runs on the base kernel.
 *
 *   vfio_bench BDF ATTACHES ROUNDS
 *
 * Prints "bench: attach_us=X", "bench: iommufd_attach_us=Y" and
 * "bench: msi_per_s=Z".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <dirent.h>
#include <sys/ioctl.h>

#include <linux/iommufd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int group_fd(const char *bdf)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", bdf);
	len = readlink(path, link, sizeof(link) - 1);
	if (len < 0)
		die("iommu_group");
	link[len] = '\0';
	snprintf(path, sizeof(path), "/dev/vfio/%s", strrchr(link, '/') + 1);
	fd = open(path, O_RDWR);
	if (fd < 0)
		die(path);
	return fd;
}

static int attach(int group)
{
	int container = open("/dev/vfio/vfio", O_RDWR);

	if (container < 0)
		die("open container");
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container))
		die("VFIO_GROUP_SET_CONTAINER");
	if (ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		die("VFIO_SET_IOMMU");
	return container;
}

/* Mean time of @n attaches of @bdf's cdev to an IOAS, each detached again */
static double iommufd_attach_us(const char *bdf, int n)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	struct vfio_device_detach_iommufd_pt detach = { .argsz = sizeof(detach) };
	struct iommu_ioas_alloc ioas = { .size = sizeof(ioas) };
	char path[PATH_MAX] = "";
	struct dirent *d;
	double t, total = 0;
	int iommufd, fd, i;
	DIR *dir;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev", bdf);
	dir = opendir(path);
	if (!dir)
		die(path);
	while ((d = readdir(dir)))
		if (!strncmp(d->d_name, "vfio", 4))
			snprintf(path, sizeof(path), "/dev/vfio/devices/%s", d->d_name);
	closedir(dir);
	fd = open(path, O_RDWR);
	if (fd < 0)
		die(path);
	iommufd = open("/dev/iommu", O_RDWR);
	if (iommufd < 0)
		die("/dev/iommu");
	bind.iommufd = iommufd;
	if (ioctl(fd, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		die("VFIO_DEVICE_BIND_IOMMUFD");
	if (ioctl(iommufd, IOMMU_IOAS_ALLOC, &ioas))
		die("IOMMU_IOAS_ALLOC");
	attach.pt_id = ioas.out_ioas_id;

	for (i = 0; i < n; i++) {
		t = now_us();
		if (ioctl(fd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach))
			die("VFIO_DEVICE_ATTACH_IOMMUFD_PT");
		total += now_us() - t;
		if (ioctl(fd, VFIO_DEVICE_DETACH_IOMMUFD_PT, &detach))
			die("VFIO_DEVICE_DETACH_IOMMUFD_PT");
	}
	close(fd);
	close(iommufd);
	return total / n;
}

int main(int argc, char **argv)
{
	struct vfio_region_info region = { .argsz = sizeof(region) };
	char irqbuf[sizeof(struct vfio_irq_set) + sizeof(int)];
	struct vfio_irq_set *set = (void *)irqbuf;
	int group, container, device, efd, i, attaches, rounds;
	uint64_t cfg, bar0, count;
	uint32_t one = 1;
	uint16_t cmd;
	double t, total = 0;

	if (argc != 4)
		return fprintf(stderr, "usage: %s BDF ATTACHES ROUNDS\n", argv[0]), 2;
	attaches = atoi(argv[2]);
	rounds = atoi(argv[3]);
	group = group_fd(argv[1]);

	for (i = 0; i < attaches; i++) {
		t = now_us();
		container = attach(group);
		total += now_us() - t;
		if (ioctl(group, VFIO_GROUP_UNSET_CONTAINER))
			die("VFIO_GROUP_UNSET_CONTAINER");
		close(container);
	}
	printf("bench: attach_us=%.1f\n", total / attaches);

	/* A device's cdev cannot be opened while its group is */
	close(group);
	printf("bench: iommufd_attach_us=%.1f\n", iommufd_attach_us(argv[1], attaches));
	group = group_fd(argv[1]);

	container = attach(group);
	device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, argv[1]);
	if (device < 0)
		die("VFIO_GROUP_GET_DEVICE_FD");
	region.index = VFIO_PCI_CONFIG_REGION_INDEX;
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &region))
		die("config region");
	cfg = region.offset;
	region.index = VFIO_PCI_BAR0_REGION_INDEX;
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &region))
		die("BAR0 region");
	bar0 = region.offset;
	if (pread(device, &cmd, 2, cfg + PCI_COMMAND) != 2)
		die("read command");
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	if (pwrite(device, &cmd, 2, cfg + PCI_COMMAND) != 2)
		die("write command");

	efd = eventfd(0, 0);
	set->argsz = sizeof(irqbuf);
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = VFIO_PCI_MSI_IRQ_INDEX;
	set->start = 0;
	set->count = 1;
	memcpy(set->data, &efd, sizeof(efd));
	if (ioctl(device, VFIO_DEVICE_SET_IRQS, set))
		die("enable MSI");

	t = now_us();
	for (i = 0; i < rounds; i++) {
		if (pwrite(device, &one, 4, bar0 + 0x60) != 4)
			die("raise");
		if (read(efd, &count, sizeof(count)) != sizeof(count))
			die("eventfd");
		if (pwrite(device, &one, 4, bar0 + 0x64) != 4)
			die("ack");
	}
	printf("bench: msi_per_s=%.0f\n", rounds / ((now_us() - t) / 1e6));
	return 0;
}
