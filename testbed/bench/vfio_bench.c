// SPDX-License-Identifier: GPL-2.0-only
/*
 * Costs of the kernel paths the series touches, seen from VFIO userspace:
 * type1 container attach (a fresh container, VFIO_GROUP_SET_CONTAINER,
 * VFIO_SET_IOMMU), iommufd attach (VFIO_DEVICE_ATTACH_IOMMUFD_PT of the
 * device's cdev to an IOAS, which allocates a page table each time, then
 * detach; and the whole path from opening the cdev) and edu MSI round
 * trips (raise through BAR0, wait on the eventfd, acknowledge). Uses only
 * v6.12 uapi, so the same binary runs on the base kernel.
 *
 *   vfio_bench BDF ATTACHES ROUNDS
 *
 * Prints "bench: attach_us=X", "bench: iommufd_attach_us=Y",
 * "bench: iommufd_path_us=P" and "bench: msi_per_s=Z".
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

static void cdev_path(const char *bdf, char *path, size_t size)
{
	struct dirent *d;
	DIR *dir;

	snprintf(path, size, "/sys/bus/pci/devices/%s/vfio-dev", bdf);
	dir = opendir(path);
	if (!dir)
		die(path);
	while ((d = readdir(dir)))
		if (!strncmp(d->d_name, "vfio", 4))
			snprintf(path, size, "/dev/vfio/devices/%s", d->d_name);
	closedir(dir);
}

/* Open the cdev and iommufd, bind, allocate an IOAS; returns the IOAS ID */
static uint32_t iommufd_bind(const char *cdev, int *fd, int *iommufd)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct iommu_ioas_alloc ioas = { .size = sizeof(ioas) };

	*fd = open(cdev, O_RDWR);
	if (*fd < 0)
		die(cdev);
	*iommufd = open("/dev/iommu", O_RDWR);
	if (*iommufd < 0)
		die("/dev/iommu");
	bind.iommufd = *iommufd;
	if (ioctl(*fd, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		die("VFIO_DEVICE_BIND_IOMMUFD");
	if (ioctl(*iommufd, IOMMU_IOAS_ALLOC, &ioas))
		die("IOMMU_IOAS_ALLOC");
	return ioas.out_ioas_id;
}

static void iommufd_attach(int fd, uint32_t ioas_id)
{
	/* The attach writes back the ID of the page table it made */
	struct vfio_device_attach_iommufd_pt attach = {
		.argsz = sizeof(attach),
		.pt_id = ioas_id,
	};

	if (ioctl(fd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach))
		die("VFIO_DEVICE_ATTACH_IOMMUFD_PT");
}

/*
 * Mean times of @n iommufd attaches of @bdf's cdev to an IOAS: the attach
 * ioctl alone, each detached again, in @ioctl_us; the whole path a VMM
 * takes (open the cdev and iommufd, bind, allocate an IOAS, attach), as
 * the type1 figure is, in @path_us.
 */
static void iommufd_attach_us(const char *bdf, int n, double *ioctl_us,
			      double *path_us)
{
	struct vfio_device_detach_iommufd_pt detach = { .argsz = sizeof(detach) };
	char cdev[PATH_MAX];
	int iommufd, fd, i;
	uint32_t ioas_id;
	double t;

	cdev_path(bdf, cdev, sizeof(cdev));
	*ioctl_us = 0;
	ioas_id = iommufd_bind(cdev, &fd, &iommufd);
	for (i = 0; i < n; i++) {
		t = now_us();
		iommufd_attach(fd, ioas_id);
		*ioctl_us += now_us() - t;
		if (ioctl(fd, VFIO_DEVICE_DETACH_IOMMUFD_PT, &detach))
			die("VFIO_DEVICE_DETACH_IOMMUFD_PT");
	}
	close(fd);
	close(iommufd);
	*ioctl_us /= n;

	*path_us = 0;
	for (i = 0; i < n; i++) {
		t = now_us();
		ioas_id = iommufd_bind(cdev, &fd, &iommufd);
		iommufd_attach(fd, ioas_id);
		*path_us += now_us() - t;
		close(fd);
		close(iommufd);
	}
	*path_us /= n;
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
	double t, total = 0, ioctl_us, path_us;

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
	iommufd_attach_us(argv[1], attaches, &ioctl_us, &path_us);
	printf("bench: iommufd_attach_us=%.1f\n", ioctl_us);
	printf("bench: iommufd_path_us=%.1f\n", path_us);
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
		struct pollfd pfd = { .fd = efd, .events = POLLIN };

		if (pwrite(device, &one, 4, bar0 + 0x60) != 4)
			die("raise");
		/* a lost MSI ends the run rather than hanging it */
		if (poll(&pfd, 1, 1000) != 1) {
			fprintf(stderr, "bench: MSI %d did not arrive within 1 s\n", i);
			exit(1);
		}
		if (read(efd, &count, sizeof(count)) != sizeof(count))
			die("eventfd");
		if (pwrite(device, &one, 4, bar0 + 0x64) != 4)
			die("ack");
	}
	printf("bench: msi_per_s=%.0f\n", rounds / ((now_us() - t) / 1e6));
	return 0;
}
