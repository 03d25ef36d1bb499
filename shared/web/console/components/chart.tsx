import { useEffect, useRef } from 'preact/hooks';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

/**
 * After each draw, the values the chart drew (per dataset, as parsed into its elements) go on the
 * canvas as `data-drawn`, so a test can check what was drawn rather than that a canvas exists.
 */
const recordDrawn: Plugin = {
  id: 'recordDrawn',
  afterDraw(chart) {
    const axis = chart.options.indexAxis === 'y' ? 'x' : 'y';
    const drawn = chart.data.datasets.map((d, i) => {
      const meta = chart.getDatasetMeta(i);
      // Only what has an element on the canvas counts: a hidden dataset draws nothing.
      const parsed = meta.hidden ? [] : (meta._parsed as Array<Record<string, number | null>>).slice(0, meta.data.length);
      return { label: d.label ?? '', values: parsed.map((p) => p[axis] ?? null) };
    });
    chart.canvas.dataset.drawn = JSON.stringify(drawn);
  },
};

/** A Chart.js chart in a canvas, with a text alternative; it is drawn again when `config` changes. */
export function ChartCanvas({ config, label, name, height }: { config: ChartConfiguration; label: string; name: string; height?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      ...config,
      options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options },
      plugins: [...(config.plugins ?? []), recordDrawn],
    });
    return () => chart.destroy();
  }, [config]);
  return (
    <div class="chart" style={height ? { height } : undefined}>
      <canvas ref={canvas} role="img" aria-label={label} data-chart={name} />
    </div>
  );
}
