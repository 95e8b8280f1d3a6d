// SPDX-License-Identifier: GPL-2.0-only
/*
 * What allocating and freeing an interrupt costs per vector, PCI/IMS
 * against MSI-X, on QEMU's rocker through the kernel's pci-ims-test
 * driver: MSI-X on the whole table (128 entries, one
 * pci_alloc_irq_vectors() and one pci_disable_msix() a round), then an
 * IMS domain in queue memory of 2048 vectors, allocated one at a time
 * (pci_ims_alloc_irq()) and freed one at a time. Both include
 * request_irq() and free_irq() for every vector.
 *
 *   ims_vectors BDF ROUNDS
 *
 * Prints "ims_vectors: ..." lines in microseconds of guest time, or
 * "ims_vectors: none" on a kernel without the driver.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define IMS_VECTORS	2048

static char dir[128];

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char *what)
{
	fprintf(stderr, "ims_vectors: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t ret;

	if (fd < 0)
		return -errno;
	ret = write(fd, text, strlen(text));
	ret = ret < 0 ? -errno : 0;
	close(fd);
	return ret;
}

static void ctl(const char *cmd)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/ctl", dir);
	errno = -write_file(path, cmd);
	if (errno)
		die(cmd);
}

/* Unbind @bdf from its driver and bind it to pci-ims-test, afresh */
static void bind(const char *bdf)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", bdf);
	write_file(path, bdf);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", bdf);
	if (write_file(path, "pci-ims-test"))
		die(path);
	write_file("/sys/bus/pci/drivers_probe", bdf);
	if (access(dir, F_OK))
		die(dir);
}

static unsigned int table_size(void)
{
	char path[PATH_MAX];
	unsigned int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/info", dir);
	f = fopen(path, "r");
	if (!f || fscanf(f, "table %u", &n) != 1)
		die(path);
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	double t, t1, msix_us, ims_us, msix_alloc_us = 0, alloc_us = 0;
	unsigned int rounds, n, i;
	char cmd[32];

	if (argc != 3)
		return fprintf(stderr, "usage: ims_vectors BDF ROUNDS\n"), 2;
	rounds = atoi(argv[2]);
	if (access("/sys/bus/pci/drivers/pci-ims-test", F_OK)) {
		printf("ims_vectors: none\n");
		return 0;
	}
	snprintf(dir, sizeof(dir), "/sys/kernel/debug/pci-ims-test/%s", argv[1]);

	bind(argv[1]);
	n = table_size();
	snprintf(cmd, sizeof(cmd), "msix %u", n);
	t = now_us();
	for (i = 0; i < rounds; i++) {
		t1 = now_us();
		ctl(cmd);
		msix_alloc_us += now_us() - t1;
		ctl("msix 0");
	}
	msix_us = (now_us() - t) / rounds / n;
	msix_alloc_us /= rounds * n;

	/* A fresh binding: the IMS domain comes before MSI-X (one ITT) */
	bind(argv[1]);
	snprintf(cmd, sizeof(cmd), "create queue %u", IMS_VECTORS);
	ctl(cmd);
	ctl("msix 1");
	snprintf(cmd, sizeof(cmd), "alloc %u", IMS_VECTORS);
	t = now_us();
	for (i = 0; i < rounds; i++) {
		t1 = now_us();
		ctl(cmd);
		alloc_us += now_us() - t1;
		ctl("free all");
	}
	ims_us = (now_us() - t) / rounds / IMS_VECTORS;
	alloc_us /= rounds * IMS_VECTORS;

	printf("ims_vectors: msix %u vectors, allocate and free: %.1f us per vector (allocate %.1f, free %.1f)\n",
	       n, msix_us, msix_alloc_us, msix_us - msix_alloc_us);
	printf("ims_vectors: ims %u vectors (queue memory), allocate and free: %.1f us per vector (allocate %.1f, free %.1f)\n",
	       IMS_VECTORS, ims_us, alloc_us, ims_us - alloc_us);
	printf("ims_vectors: ims/msix per vector: %.3f\n", ims_us / msix_us);
	return 0;
}
