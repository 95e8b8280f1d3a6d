// SPDX-License-Identifier: GPL-2.0-only
/*
 * What enabling and firing MSIs costs per vector, seen from VFIO
 * userspace: a vfio-platform device's MSI index (the test bed's
 * msi-device, 32 vectors, fired through the kernel's test MSI handler)
 * and, for comparison, vfio-pci MSI on QEMU's edu device, which has one
 * vector and no MSI-X. Both through a type1v2 container.
 *
 *   msi_vectors PLATFORM_DEVICE BDF ROUNDS
 *
 * Prints "msi_vectors: platform ..." and "msi_vectors: pci ..." lines,
 * in microseconds of guest time; or "msi_vectors: platform: none" where
 * the device has no MSI index (a kernel without the series).
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
#include <sys/ioctl.h>

#include <linux/pci_regs.h>
#include <linux/vfio.h>

#define FIRE	"/sys/kernel/debug/vfio-platform-msi-test/fire"
#define MAX_VEC	64

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char *what)
{
	fprintf(stderr, "msi_vectors: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The device's VFIO device fd, through a fresh type1v2 container */
static int open_device(const char *bus, const char *name)
{
	char path[PATH_MAX], link[PATH_MAX];
	int group, container, device;
	ssize_t len;

	snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/iommu_group", bus, name);
	len = readlink(path, link, sizeof(link) - 1);
	if (len < 0)
		die(path);
	link[len] = '\0';
	snprintf(path, sizeof(path), "/dev/vfio/%s", strrchr(link, '/') + 1);
	group = open(path, O_RDWR);
	container = open("/dev/vfio/vfio", O_RDWR);
	if (group < 0 || container < 0)
		die("open group or container");
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) ||
	    ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		die("attach");
	device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, name);
	if (device < 0)
		die("VFIO_GROUP_GET_DEVICE_FD");
	return device;
}

static int set_irqs(int device, uint32_t index, uint32_t start, uint32_t count, int *fds)
{
	char buf[sizeof(struct vfio_irq_set) + MAX_VEC * sizeof(int)];
	struct vfio_irq_set *set = (void *)buf;

	set->argsz = sizeof(*set) + (fds ? count * sizeof(int) : 0);
	set->flags = VFIO_IRQ_SET_ACTION_TRIGGER |
		     (fds ? VFIO_IRQ_SET_DATA_EVENTFD : VFIO_IRQ_SET_DATA_NONE);
	set->index = index;
	set->start = start;
	set->count = count;
	if (fds)
		memcpy(set->data, fds, count * sizeof(int));
	return ioctl(device, VFIO_DEVICE_SET_IRQS, set);
}

static void wait_event(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint64_t n;

	/* a lost MSI ends the run rather than hanging it */
	if (poll(&pfd, 1, 1000) != 1) {
		fprintf(stderr, "msi_vectors: an MSI did not arrive within 1 s\n");
		exit(1);
	}
	if (read(fd, &n, sizeof(n)) != sizeof(n))
		die("eventfd");
}

/* The index whose type capability says MSI, its count in @count; -1 if none */
static int msi_index(int device, uint32_t *count)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	uint64_t buf[16];
	struct vfio_irq_info *irq = (void *)buf;
	uint32_t i;

	if (ioctl(device, VFIO_DEVICE_GET_INFO, &info))
		die("VFIO_DEVICE_GET_INFO");
	for (i = 0; i < info.num_irqs; i++) {
		struct vfio_irq_info_cap_type *cap = (void *)buf + sizeof(*irq);

		memset(buf, 0, sizeof(buf));
		irq->argsz = sizeof(buf);
		irq->index = i;
		if (ioctl(device, VFIO_DEVICE_GET_IRQ_INFO, irq))
			die("VFIO_DEVICE_GET_IRQ_INFO");
		if ((irq->flags & VFIO_IRQ_INFO_FLAG_CAPS) && irq->cap_offset == sizeof(*irq) &&
		    cap->header.id == VFIO_IRQ_INFO_CAP_TYPE && cap->type == VFIO_IRQ_TYPE_MSI) {
			*count = irq->count;
			return i;
		}
	}
	return -1;
}

static void platform(const char *name, int rounds)
{
	int device = open_device("platform", name), fds[MAX_VEC], fire, index, i, r;
	double t, enable_all, enable_one = 0, fire_us, disable;
	uint32_t n;
	char num[16];

	index = msi_index(device, &n);
	if (index < 0 || n > MAX_VEC) {
		printf("msi_vectors: platform: none\n");
		close(device);
		return;
	}
	for (i = 0; i < (int)n; i++)
		fds[i] = eventfd(0, 0);
	fire = open(FIRE, O_WRONLY);
	if (fire < 0)
		die(FIRE);

	/* every vector in one call; then one call per vector */
	t = now_us();
	if (set_irqs(device, index, 0, n, fds))
		die("enable all");
	enable_all = now_us() - t;
	t = now_us();
	if (set_irqs(device, index, 0, 0, NULL))
		die("disable");
	disable = now_us() - t;
	for (i = 0; i < (int)n; i++) {
		t = now_us();
		if (set_irqs(device, index, i, 1, &fds[i]))
			die("enable one");
		enable_one += now_us() - t;
	}

	t = now_us();
	for (r = 0; r < rounds; r++)
		for (i = 0; i < (int)n; i++) {
			int len = snprintf(num, sizeof(num), "%d", i);

			if (write(fire, num, len) != len)
				die("fire");
			wait_event(fds[i]);
		}
	fire_us = (now_us() - t) / rounds / n;
	printf("msi_vectors: platform: %u vectors: enable all %.1f us (%.1f us/vector), "
	       "one by one %.1f us/vector, disable %.1f us, fire and wait %.1f us/vector\n",
	       n, enable_all, enable_all / n, enable_one / n, disable, fire_us);
	set_irqs(device, index, 0, 0, NULL);
	close(fire);
	close(device);
}

static void pci(const char *bdf, int rounds)
{
	struct vfio_region_info region = { .argsz = sizeof(region) };
	int device = open_device("pci", bdf), efd = eventfd(0, 0), r;
	uint64_t cfg, bar0;
	double t, enable, fire_us;
	uint32_t one = 1;
	uint16_t cmd;

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

	t = now_us();
	if (set_irqs(device, VFIO_PCI_MSI_IRQ_INDEX, 0, 1, &efd))
		die("enable MSI");
	enable = now_us() - t;
	t = now_us();
	for (r = 0; r < rounds; r++) {
		/* edu: raise its interrupt through BAR0, acknowledge it */
		if (pwrite(device, &one, 4, bar0 + 0x60) != 4)
			die("raise");
		wait_event(efd);
		if (pwrite(device, &one, 4, bar0 + 0x64) != 4)
			die("ack");
	}
	fire_us = (now_us() - t) / rounds;
	printf("msi_vectors: pci: 1 vector (MSI; edu has no MSI-X): enable %.1f us, "
	       "raise, wait and acknowledge %.1f us\n", enable, fire_us);
	set_irqs(device, VFIO_PCI_MSI_IRQ_INDEX, 0, 0, NULL);
	close(device);
}

int main(int argc, char **argv)
{
	if (argc != 4)
		return fprintf(stderr, "usage: %s PLATFORM_DEVICE BDF ROUNDS\n", argv[0]), 2;
	platform(argv[1], atoi(argv[3]));
	pci(argv[2], atoi(argv[3]) * 32);
	return 0;
}
