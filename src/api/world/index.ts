// The room-sensing modules' page side: importing this defines their partial interface members on
// XRSession and XRFrame (Hit Test, Plane Detection, Mesh Detection). Imported with the navigator.
import './hit-test.js';
import './mesh-detection.js';
import './plane-detection.js';
